namespace AudienceRelay.Emulators.Google;

/// <summary>Settings of the Google Ads emulator. The defaults are what the sandbox and the tests expect.</summary>
public sealed class GoogleEmulatorOptions
{
    /// <summary>The Google Ads account every emulator starts with (the sandbox's), 10 digits.</summary>
    public string SandboxCustomerId { get; init; } = "1234567890";

    public string SandboxDeveloperToken { get; init; } = "google-sandbox-developer-token";

    public string SandboxClientId { get; init; } = "google-sandbox-client.apps.googleusercontent.com";

    public string SandboxClientSecret { get; init; } = "google-sandbox-client-secret";

    public string SandboxRefreshToken { get; init; } = "google-sandbox-refresh-token";

    /// <summary>How long an access token lives (Google's are an hour: <c>expires_in</c> 3599).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromSeconds(3599);

    /// <summary>How long a job stays RUNNING after <c>:run</c> before its operations apply and it is SUCCESS.</summary>
    public TimeSpan JobDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>API versions answered; others are a 404 as for a sunset version.</summary>
    public IReadOnlyList<string> Versions { get; init; } = ["v24", "v25", "v26"];

    /// <summary>Identifiers in the create operations of one <c>:addOperations</c> request before TOO_MANY_USER_IDENTIFIERS.</summary>
    public int MaxIdentifiersPerRequest { get; init; } = 100_000;
}
