using System.Security.Cryptography;
using AudienceRelay.Server.Tests.Scaling;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Operations;

/// <summary>The admin API on PostgreSQL: a fresh schema per test on the shared test server.</summary>
[Collection(PostgresNodesCollection.Name)]
public sealed class PostgresAdminApiTests(PostgresServer postgres) : AdminApiTests
{
    protected override async Task<Dictionary<string, string?>> EngineSettingsAsync() => new()
    {
        ["Store:Engine"] = "postgres",
        ["ConnectionStrings:Audience"] = await postgres.CreateSchemaAsync(GetType()),
        ["Store:PayloadKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };
}
