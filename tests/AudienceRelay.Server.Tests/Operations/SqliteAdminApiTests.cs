namespace AudienceRelay.Server.Tests.Operations;

/// <summary>The admin API on SQLite (the test server's own database file).</summary>
public sealed class SqliteAdminApiTests : AdminApiTests
{
    protected override Task<Dictionary<string, string?>> EngineSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}
