namespace AudienceRelay.Emulators.Meta;

/// <summary>An access token the emulator knows: the ad accounts it may manage and, optionally, its app's secret.</summary>
internal sealed class TokenGrant
{
    public HashSet<string> AdAccounts { get; } = new(StringComparer.Ordinal);
    public string? AppSecret { get; set; }
    public bool RequireAppSecretProof { get; set; }
}
