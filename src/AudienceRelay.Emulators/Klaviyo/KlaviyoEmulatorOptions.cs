namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>Settings of the Klaviyo emulator. Defaults follow Klaviyo's documented limits (providers.md §3).</summary>
public sealed class KlaviyoEmulatorOptions
{
    /// <summary>The private API key of the account every emulator starts with (the sandbox's account).</summary>
    public string SandboxApiKey { get; init; } = "pk_sandbox_emulator_key";

    /// <summary>Lists an account may create per UTC day before <c>POST /api/lists</c> answers 429 (Klaviyo: 150/day; 100/day since mid-2024 per klaviyo-api-node#77).</summary>
    public int DailyListCreationLimit { get; init; } = 150;

    /// <summary>
    /// Which <c>GET /api/profile-bulk-import-jobs/{id}</c> finds the job complete (1: the first). Earlier GETs find it
    /// <c>processing</c>; profiles are upserted and added to lists only on completion, as on the platform.
    /// </summary>
    public int PollsUntilComplete { get; init; } = 2;

    /// <summary>How many GETs first find the job still <c>queued</c> (its counts null), before it starts processing.</summary>
    public int PollsQueued { get; init; }

    /// <summary>Profiles per bulk import job (https://developers.klaviyo.com/en/reference/bulk_import_profiles).</summary>
    public int MaxImportProfiles { get; init; } = 10_000;

    /// <summary>Bulk import body size. Klaviyo says "5MB"; we read it as 5,000,000 bytes, the stricter reading.</summary>
    public int MaxImportBytes { get; init; } = 5_000_000;

    /// <summary>Size of one profile in a bulk import ("100KB"); a larger profile becomes an import error.</summary>
    public int MaxProfileBytes { get; init; } = 100_000;

    /// <summary>Profile ids per <c>POST</c>/<c>DELETE /api/lists/{id}/relationships/profiles</c>.</summary>
    public int MaxRelationshipIds { get; init; } = 1_000;

    /// <summary>The steady (per-minute) quota reported in <c>RateLimit-Limit</c>. Reported only: throttling is injected with faults.</summary>
    public int SteadyRateLimit { get; init; } = 700;

    /// <summary>
    /// Whether the account has SMS set up. Without it, a profile identified only by a phone number becomes an import
    /// error, as on Klaviyo (docs/providers/klaviyo.md).
    /// </summary>
    public bool SmsEnabled { get; init; }
}
