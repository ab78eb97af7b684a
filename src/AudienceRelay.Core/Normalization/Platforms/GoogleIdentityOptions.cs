namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Optional Google-only email rewrites. Google's Customer Match page says removing dots from
/// gmail.com/googlemail.com local parts is not required ("they'll still be accepted"); the newer
/// Data Manager formatting guide asks for dot and <c>+suffix</c> removal on those domains
/// (https://developers.google.com/data-manager/api/devguides/concepts/formatting). Both off by default.
/// </summary>
public sealed record GoogleIdentityOptions
{
    public static GoogleIdentityOptions Default { get; } = new();

    /// <summary>"j.o.h.n@gmail.com" → "john@gmail.com" (every dot of the local part, gmail.com and googlemail.com only).</summary>
    public bool RemoveGmailDots { get; init; }

    /// <summary>"john+shop@gmail.com" → "john@gmail.com" (gmail.com and googlemail.com only).</summary>
    public bool RemoveGmailPlusSuffix { get; init; }
}
