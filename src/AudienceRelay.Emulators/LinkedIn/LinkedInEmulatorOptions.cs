namespace AudienceRelay.Emulators.LinkedIn;

/// <summary>Settings of the LinkedIn emulator. The defaults are what the sandbox and the tests expect.</summary>
public sealed class LinkedInEmulatorOptions
{
    /// <summary>The sponsored ad account every emulator starts with (the sandbox's account).</summary>
    public string SandboxAccountId { get; init; } = "510000001";

    /// <summary>A fixed access token with a role on <see cref="SandboxAccountId"/>.</summary>
    public string SandboxAccessToken { get; init; } = "linkedin-sandbox-access-token";

    /// <summary>Elements accepted by one <c>BATCH_CREATE</c> on <c>/users</c> (the 5,000 peers batch by).</summary>
    public int MaxElements { get; init; } = 5_000;

    /// <summary>How long a new segment refuses users with 404 ("wait 5 seconds for it to become available").</summary>
    public TimeSpan ReadinessDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The oldest <c>LinkedIn-Version</c> still served (202511 was sunset on November 16, 2026).</summary>
    public string OldestVersion { get; init; } = "202512";

    /// <summary>The newest <c>LinkedIn-Version</c> released; later months do not exist yet.</summary>
    public string NewestVersion { get; init; } = "202611";

    /// <summary>The <c>expires_in</c> of a token minted from a refresh token (LinkedIn: 60 days).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromDays(60);

    /// <summary>Requests one token may make to <c>/users</c> in a minute before 429 (LinkedIn: 600).</summary>
    public int UsersRequestsPerMinute { get; init; } = 600;

    /// <summary>Largest <c>count</c> of the segment finder.</summary>
    public int MaxPageCount { get; init; } = 100;
}
