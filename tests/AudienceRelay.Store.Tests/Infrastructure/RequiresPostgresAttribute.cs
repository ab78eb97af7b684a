namespace AudienceRelay.Store.Tests.Infrastructure;

/// <summary>Marks a test class whose <see cref="StoreFactAttribute"/> tests need PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;
