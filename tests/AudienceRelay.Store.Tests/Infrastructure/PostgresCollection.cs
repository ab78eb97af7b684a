namespace AudienceRelay.Store.Tests.Infrastructure;

/// <summary>The test classes that share the run's PostgreSQL server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
