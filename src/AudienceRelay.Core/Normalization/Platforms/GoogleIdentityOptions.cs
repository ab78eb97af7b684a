namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Google-only email rewrites for gmail.com and googlemail.com addresses, both on by default. Google's Data Manager
/// formatting guide asks for both and gives the example <c>cloudy.sanfrancisco+shopping@gmail.com</c> →
/// <c>cloudysanfrancisco@gmail.com</c>, while other domains keep their dots and <c>+</c>
/// (https://developers.google.com/data-manager/api/devguides/concepts/formatting); Google's Customer Match page
/// accepts addresses either way, and Gmail delivers the rewritten address to the same mailbox, so the rewrite
/// never loses a match. Turning them off hashes the address as given (lower-cased).
/// </summary>
public sealed record GoogleIdentityOptions
{
    public static GoogleIdentityOptions Default { get; } = new();

    /// <summary>"j.o.h.n@gmail.com" → "john@gmail.com" (every dot of the local part, gmail.com and googlemail.com only).</summary>
    public bool RemoveGmailDots { get; init; } = true;

    /// <summary>"john+shop@gmail.com" → "john@gmail.com" (gmail.com and googlemail.com only).</summary>
    public bool RemoveGmailPlusSuffix { get; init; } = true;
}
