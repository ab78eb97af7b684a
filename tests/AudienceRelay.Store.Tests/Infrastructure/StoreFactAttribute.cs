using Xunit.Sdk;

namespace AudienceRelay.Store.Tests.Infrastructure;

/// <summary>
/// A contract fact, declared once on the abstract suite and run by each engine's subclass. Unlike
/// <see cref="PostgresFactAttribute"/> it cannot know its engine when declared, so its discoverer looks
/// at the concrete class: one marked <see cref="RequiresPostgresAttribute"/> is skipped without PostgreSQL.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("AudienceRelay.Store.Tests.Infrastructure.StoreFactDiscoverer", "AudienceRelay.Store.Tests")]
public sealed class StoreFactAttribute : FactAttribute;
