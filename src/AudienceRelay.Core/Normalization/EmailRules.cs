namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Canonical email: every whitespace character removed (so surrounding whitespace is trimmed) and
/// lower-cased culture-invariantly. A valid address never contains whitespace, so for valid input
/// this is exactly the "trim, lower-case" every platform asks for, and it also meets LinkedIn's and
/// TikTok's "remove spaces". Provider-specific rewrites (Google's gmail dots) are applied on top by
/// the platform rules, never here.
/// </summary>
internal static class EmailRules
{
    public static FieldValue Canonicalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return FieldValue.Absent;
        }

        var trimmed = raw.AsSpan().Trim();
        if (HexDigest.IsSha256(trimmed))
        {
            return FieldValue.Hashed(HexDigest.ToLower(trimmed, raw));
        }

        var value = NeedsRewrite(trimmed) ? Rewrite(trimmed) : (trimmed.Length == raw.Length ? raw : trimmed.ToString());
        var at = value.LastIndexOf('@');
        return at <= 0 || at == value.Length - 1 ? FieldValue.Dropped(FieldDrops.EmailInvalid) : FieldValue.Plain(value);
    }

    private static bool NeedsRewrite(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is >= 'A' and <= 'Z' || c > '\u007f' || char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Rewrite(ReadOnlySpan<char> value)
    {
        var buffer = value.Length <= 256 ? stackalloc char[256] : new char[value.Length];
        var length = 0;
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c))
            {
                buffer[length++] = c;
            }
        }

        // Length-preserving invariant lower-casing (it maps surrogate pairs as pairs).
        var lower = length <= 256 ? stackalloc char[256] : new char[length];
        buffer[..length].ToLowerInvariant(lower);
        return new string(lower[..length]);
    }
}
