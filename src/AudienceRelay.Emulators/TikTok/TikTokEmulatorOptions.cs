namespace AudienceRelay.Emulators.TikTok;

/// <summary>Settings of the TikTok emulator. The defaults are what the sandbox and the tests expect.</summary>
public sealed class TikTokEmulatorOptions
{
    /// <summary>The advertiser every emulator starts with (the sandbox's ad account).</summary>
    public string SandboxAdvertiserId { get; init; } = "7000000000000000000";

    /// <summary>The long-term access token of <see cref="SandboxAdvertiserId"/>.</summary>
    public string SandboxAccessToken { get; init; } = "tiktok-sandbox-access-token";

    /// <summary>
    /// Rows of <c>batch_data</c> accepted by one <c>/segment/mapping/</c> call before code 40011. TikTok does not
    /// publish the number (providers.md §2.4); 10,000 is our assumption, configurable so a client can be tested at its edge.
    /// </summary>
    public int MaxMappingRows { get; init; } = 10_000;

    /// <summary>Largest <c>page_size</c> of <c>/dmp/custom_audience/list/</c>.</summary>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>Longest <c>custom_audience_name</c>, in characters.</summary>
    public int MaxAudienceNameLength { get; init; } = 128;
}
