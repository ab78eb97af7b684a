using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using PhoneNumbers;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Shortcuts for the two phone shapes that dominate real lists, so libphonenumber (microseconds per
/// parse) runs only for the rest. Each shortcut accepts a number only when libphonenumber, reading the
/// same input, would provably produce the same E.164: the conditions are taken from libphonenumber's
/// own metadata (possible lengths, national prefix), and a differential test checks the two agree.
/// <list type="bullet">
/// <item>International: <c>+</c> (or <c>00</c>), a calling code, a national number that does not
/// start with a digit its country's national prefix could start with, and a possible length.</item>
/// <item>North American national numbers for a NANP region: 10 digits starting 2-9, or 11 starting
/// with the trunk prefix 1.</item>
/// </list>
/// Only ASCII digits and the separators space, hyphen, dot and parentheses are accepted here.
/// </summary>
internal static class PhoneFastPath
{
    private const int MaxDigits = 20; // calling code (at most 3) + national number (at most 17)

    private static readonly FrozenDictionary<int, CallingCode> Codes = BuildCodes();
    private static readonly FrozenSet<string> NanpRegions = BuildNanpRegions();

    public static bool TryInternational(ReadOnlySpan<char> afterPlus, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        Span<char> digits = stackalloc char[MaxDigits];
        if (!TryCollectDigits(afterPlus, digits, out var count) || count < 4)
        {
            return false;
        }

        // ITU calling codes are prefix-free: at most one of the 1-, 2- and 3-digit prefixes is a code.
        for (var ccLength = 1; ccLength <= 3; ccLength++)
        {
            if (!Codes.TryGetValue(int.Parse(digits[..ccLength], provider: null), out var code))
            {
                continue;
            }

            var national = digits[ccLength..count];
            if (!code.Eligible
                || national[0] == '0'
                || (code.BlockedFirstDigits & (1 << (national[0] - '0'))) != 0
                || (code.LengthMask & (1u << national.Length)) == 0
                || IsRepeatedDigit(national))
            {
                return false;
            }

            e164 = Plus(digits[..count]);
            return true;
        }

        return false;
    }

    public static bool TryNanpNational(ReadOnlySpan<char> national, string region, [NotNullWhen(true)] out string? e164)
    {
        e164 = null;
        Span<char> digits = stackalloc char[MaxDigits];
        if (!NanpRegions.Contains(region) || !TryCollectDigits(national, digits, out var count))
        {
            return false;
        }

        var nsn = count switch
        {
            10 => digits[..10],
            11 when digits[0] == '1' => digits[1..11],
            _ => [],
        };
        if (nsn.IsEmpty || nsn[0] < '2' || IsRepeatedDigit(nsn))
        {
            return false;
        }

        Span<char> full = stackalloc char[11];
        full[0] = '1';
        nsn.CopyTo(full[1..]);
        e164 = Plus(full);
        return true;
    }

    /// <summary>Placeholders such as 0000000000 or 5555555555 are not phone numbers.</summary>
    public static bool IsRepeatedDigit(ReadOnlySpan<char> digits) => digits.Length > 0 && !digits.ContainsAnyExcept(digits[0]);

    private static bool TryCollectDigits(ReadOnlySpan<char> text, Span<char> digits, out int count)
    {
        count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return false;
                }

                digits[count++] = c;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        return count > 0;
    }

    private static string Plus(ReadOnlySpan<char> digits) =>
        string.Create(digits.Length + 1, digits, static (dest, src) =>
        {
            dest[0] = '+';
            src.CopyTo(dest[1..]);
        });

    private static FrozenDictionary<int, CallingCode> BuildCodes()
    {
        var util = PhoneNumberUtil.GetInstance();
        var codes = new Dictionary<int, CallingCode>();
        foreach (var cc in util.GetSupportedCallingCodes())
        {
            var region = util.GetRegionCodeForCountryCode(cc);
            var metadata = region == "001" ? util.GetMetadataForNonGeographicalRegion(cc) : util.GetMetadataForRegion(region);
            codes[cc] = Describe(metadata);
        }

        return codes.ToFrozenDictionary();
    }

    private static CallingCode Describe(PhoneMetadata? metadata)
    {
        if (metadata is null)
        {
            return default;
        }

        var mask = 0u;
        foreach (var length in metadata.GeneralDesc.PossibleLengthList)
        {
            mask |= length is > 0 and < 32 ? 1u << length : 0;
        }

        var blocked = 0;
        foreach (var prefix in new[] { metadata.NationalPrefixForParsing, metadata.NationalPrefix })
        {
            // Plain digit alternatives ("0", "8", "0|180020") block their first digits; a real regular
            // expression (carrier codes, transform rules) makes the code ineligible: leave it to libphonenumber.
            foreach (var alternative in (prefix ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!alternative.All(char.IsAsciiDigit))
                {
                    return default;
                }

                blocked |= 1 << (alternative[0] - '0');
            }
        }

        return mask == 0 ? default : new CallingCode(true, mask, blocked);
    }

    private static FrozenSet<string> BuildNanpRegions()
    {
        var util = PhoneNumberUtil.GetInstance();
        if (!Codes.TryGetValue(1, out var nanp) || nanp.LengthMask != 1u << 10)
        {
            return FrozenSet<string>.Empty;
        }

        return util.GetRegionCodesForCountryCode(1)
            .Where(region => util.GetMetadataForRegion(region) is { } m
                && m.NationalPrefix == "1"
                && (string.IsNullOrEmpty(m.NationalPrefixForParsing) || m.NationalPrefixForParsing == "1"))
            .ToFrozenSet(StringComparer.Ordinal);
    }

    private readonly record struct CallingCode(bool Eligible, uint LengthMask, int BlockedFirstDigits);
}
