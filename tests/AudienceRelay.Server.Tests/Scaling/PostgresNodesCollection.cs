using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Scaling;

/// <summary>The several-nodes tests share one PostgreSQL server (the store tests' fixture); each test has a schema of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresNodesCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres-nodes";
}
