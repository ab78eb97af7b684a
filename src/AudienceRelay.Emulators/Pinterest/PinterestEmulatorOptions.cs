namespace AudienceRelay.Emulators.Pinterest;

/// <summary>Settings of the Pinterest emulator. The defaults are what the sandbox and the tests expect.</summary>
public sealed class PinterestEmulatorOptions
{
    /// <summary>The ad account every emulator starts with (the sandbox's), reachable with the token and the app below.</summary>
    public string SandboxAdAccountId { get; init; } = "549755885175";

    public string SandboxAccessToken { get; init; } = "pina_sandbox_access_token";

    public string SandboxClientId { get; init; } = "1500000";

    public string SandboxClientSecret { get; init; } = "pinterest-sandbox-secret";

    public string SandboxRefreshToken { get; init; } = "pinr_sandbox_refresh_token";

    /// <summary>How long a refreshed access token lives (Pinterest's last 30 days).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Records accepted by one create or update call. Pinterest's OpenAPI states none; 50,000 is the only published
    /// figure found (providers.md §6), so it is the emulator's limit too, configurable for tests at the edge.
    /// </summary>
    public int MaxRecordsPerCall { get; init; } = 50_000;

    /// <summary>Largest <c>page_size</c> (Pinterest: 1 to 250, default 25).</summary>
    public int MaxPageSize { get; init; } = 250;

    /// <summary>Below this many members a list is TOO_SMALL ("the list must include at least 100 Pinterest accounts").</summary>
    public int MinimumListSize { get; init; } = 100;
}
