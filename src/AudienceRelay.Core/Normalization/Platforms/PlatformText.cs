using System.Text;

namespace AudienceRelay.Core.Normalization;

/// <summary>Small text steps shared by the platform rules, written into caller buffers so a cache hit allocates nothing.</summary>
internal static class PlatformText
{
    /// <summary>Buffer size that fits every realistic name or postal code; longer values use the heap.</summary>
    public const int StackChars = 256;

    /// <summary>Hashes a canonical value, or passes a digest through; null stays null.</summary>
    public static string? HashOrPass(string? value, bool isHashed, HashCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return value is null ? null : isHashed ? value : cache.Sha256Hex(value);
    }

    /// <summary>E.164 without the <c>+</c>: country code and national number, digits only.</summary>
    public static ReadOnlySpan<char> DigitsOnly(string e164) => e164.AsSpan(e164.StartsWith('+') ? 1 : 0);

    /// <summary>Lower-case (invariant), whitespace removed.</summary>
    public static int LowerWithoutWhitespace(ReadOnlySpan<char> value, Span<char> destination)
    {
        var length = 0;
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c))
            {
                destination[length++] = char.ToLowerInvariant(c);
            }
        }

        return length;
    }

    /// <summary>
    /// Lower-case (invariant), Unicode punctuation and symbols removed, letters of every script, marks
    /// and digits kept, single inner spaces kept, trimmed. With <paramref name="lettersOnly"/>, spaces and
    /// digits go too (Meta's FN/LN: letters only). Destination needs 2 × the input length.
    /// </summary>
    public static int LowerLettersOnly(ReadOnlySpan<char> value, Span<char> destination, bool lettersOnly = false)
    {
        var length = 0;
        var pendingSpace = false;
        var hasLetter = false;
        while (!value.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(value, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // Invalid UTF-16 is noise, like a symbol.
                value = value[Math.Max(consumed, 1)..];
                continue;
            }

            value = value[consumed..];
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = length > 0 && !lettersOnly;
                continue;
            }

            if (!NameRules.IsNameRune(rune) || (lettersOnly && IsNumber(rune)))
            {
                continue;
            }

            if (pendingSpace)
            {
                destination[length++] = ' ';
                pendingSpace = false;
            }

            hasLetter |= Rune.IsLetter(rune);
            length += Rune.ToLowerInvariant(rune).EncodeToUtf16(destination[length..]);
        }

        // Letters only: marks left alone once the digits around them are gone are no name.
        return lettersOnly && !hasLetter ? 0 : length;
    }

    private static bool IsNumber(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.DecimalDigitNumber
            or System.Globalization.UnicodeCategory.LetterNumber or System.Globalization.UnicodeCategory.OtherNumber;

    /// <summary>
    /// Removing punctuation can bring a letter and a combining mark together ("e'\u0301"): compose
    /// again so the result is what a second normalization would give. ASCII text is returned as is.
    /// </summary>
    public static ReadOnlySpan<char> Compose(ReadOnlySpan<char> text) =>
        text.ContainsAnyInRange('\u0300', '\uFFFF') ? UnicodeComposition.Compose(text.ToString()) : text;

    /// <summary>At most <paramref name="maxChars"/> UTF-16 units, never splitting a surrogate pair.</summary>
    public static string Truncate(string value, int maxChars)
    {
        if (value.Length <= maxChars)
        {
            return value;
        }

        var cut = char.IsHighSurrogate(value[maxChars - 1]) ? maxChars - 1 : maxChars;
        return value[..cut].TrimEnd();
    }
}
