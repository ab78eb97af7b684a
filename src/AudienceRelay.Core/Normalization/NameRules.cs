using System.Globalization;
using System.Text;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Canonical first/last name: trimmed, whitespace runs (and control characters) collapsed to one
/// space, canonically composed like NFC (so "é" typed as e + combining accent hashes like the
/// precomposed "é").
/// Case and punctuation are kept: Klaviyo and LinkedIn take the name raw, and each hashing
/// platform's rule (lower-case; Meta also drops punctuation) is applied on top. A name with no
/// letter or digit at all ("-", "...") is dropped and counted.
/// </summary>
internal static class NameRules
{
    public static FieldValue Canonicalize(string? raw, FieldDrops dropFlag)
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

        var value = IsSimpleAscii(trimmed) ? (trimmed.Length == raw.Length ? raw : trimmed.ToString()) : Rewrite(trimmed);
        return HasLetterOrDigit(value) ? FieldValue.Plain(value) : FieldValue.Dropped(dropFlag);
    }

    /// <summary>Printable ASCII with single inner spaces: already canonical.</summary>
    private static bool IsSimpleAscii(ReadOnlySpan<char> value)
    {
        var previousSpace = false;
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' || (c == ' ' && previousSpace))
            {
                return false;
            }

            previousSpace = c == ' ';
        }

        return true;
    }

    private static string Rewrite(ReadOnlySpan<char> value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return UnicodeComposition.Compose(builder.ToString());
    }

    private static bool HasLetterOrDigit(string value)
    {
        if (value.AsSpan().ContainsAnyInRange('a', 'z') || value.AsSpan().ContainsAnyInRange('A', 'Z') || value.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                if (Rune.IsLetterOrDigit(rune))
                {
                    return true;
                }

                i += consumed - 1;
            }
        }

        return false;
    }

    /// <summary>The category test shared by the platform rules: is this rune part of a name or punctuation/symbol noise?</summary>
    public static bool IsNameRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };
}
