namespace AudienceRelay.Emulators.Snapchat;

/// <summary>Settings of the Snapchat emulator. The defaults are what the sandbox and the tests expect.</summary>
public sealed class SnapchatEmulatorOptions
{
    /// <summary>The ad account every emulator starts with (the sandbox's), reachable with the sandbox OAuth app below.</summary>
    public string SandboxAdAccountId { get; init; } = "5b1f7c3e-2d4a-4e8b-9c6f-0a1b2c3d4e5f";

    public string SandboxClientId { get; init; } = "snap-sandbox-client";

    public string SandboxClientSecret { get; init; } = "snap-sandbox-secret";

    public string SandboxRefreshToken { get; init; } = "snap-sandbox-refresh-token";

    /// <summary>How long an access token lives: Snap's last 1800 seconds.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>"a maximum of 100,000 identifiers/request" (Snap's Audience Match guide).</summary>
    public int MaxIdentifiersPerRequest { get; init; } = 100_000;

    /// <summary>Most segments on one page of the list, whatever <c>limit</c> asks (Snap accepts limit 50 to 1000); lower it to test paging.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Longest segment name (Snap: 375 characters).</summary>
    public int MaxNameLength { get; init; } = 375;

    /// <summary>When set, <c>next_link</c> points at this root instead of the emulator's own (to test that a client does not follow it).</summary>
    public Uri? NextLinkRoot { get; init; }
}
