using PhoneNumbers;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Canonical phone: E.164 with <c>+</c> ("+16505551212"), the form Google and Klaviyo take as is and
/// from which Meta, TikTok and Snapchat drop the <c>+</c>.
/// <list type="number">
/// <item>A 64-hex value passes through as a digest (checked before anything else).</item>
/// <item>A leading <c>00</c> is the international prefix almost everywhere: read as <c>+</c> (also after a <c>+</c>: "+0044…").</item>
/// <item>Numbers with <c>+</c> need no hint; national numbers are read with the user's country (or
/// the caller's default region). Digits that already start with a country code but have no <c>+</c>
/// ("374-93-828222", as Meta's and TikTok's examples write them) are read as international when there is
/// no country, or when they are no number of the user's country, provided libphonenumber calls the result
/// valid. Anything else without a country is dropped as <see cref="FieldDrops.PhoneMissingCountry"/>.</item>
/// <item>libphonenumber parses (after the fast paths in <see cref="PhoneFastPath"/>); the number must be
/// "possible" for its country (the right length: lenient, so real numbers in ranges newer than the
/// metadata are kept) but not local-only, and not a repeated-digit placeholder. Garbage such as
/// "abc" or "+0000000000" is dropped as <see cref="FieldDrops.PhoneInvalid"/>.</item>
/// </list>
/// </summary>
internal static class PhoneRules
{
    private const int MaxInputLength = 64;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static FieldValue Canonicalize(string? raw, string? region)
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

        if (trimmed.Length > MaxInputLength)
        {
            return FieldValue.Dropped(FieldDrops.PhoneInvalid);
        }

        var international = trimmed[0] == '+' || trimmed.StartsWith("00");
        var rest = trimmed[0] == '+' ? trimmed[1..] : international ? trimmed[2..] : trimmed;

        // "+0044 …": a "+" typed before the international prefix. The digits after the "00" are the country code
        // (Snap: "remove a leading 00"); a peer that strips zeros before removing the "+" keeps them and hashes junk.
        if (trimmed[0] == '+' && rest.StartsWith("00"))
        {
            rest = rest[2..];
        }

        // Cheap rejections before libphonenumber, whose failures are exceptions (microseconds each):
        // it needs at least 2 digits ("n/a", "none"), and no calling code starts with 0 ("+0000000000").
        if (CountDigits(trimmed) < 2 || (international && FirstDigitIsZero(rest)))
        {
            return FieldValue.Dropped(FieldDrops.PhoneInvalid);
        }

        if (international ? PhoneFastPath.TryInternational(rest, out var e164)
            : region is not null && PhoneFastPath.TryNanpNational(rest, region, out e164))
        {
            return FieldValue.Plain(e164);
        }

        return Parse(international ? string.Concat("+", rest) : rest.ToString(), region);
    }

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            count += char.IsDigit(c) ? 1 : 0;
        }

        return count;
    }

    private static bool FirstDigitIsZero(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                return char.GetNumericValue(c) == 0;
            }
        }

        return false;
    }

    private static FieldValue Parse(string input, string? region)
    {
        var hasPlus = input.Contains('+') || input.Contains('\uFF0B');
        if (region is null && !hasPlus)
        {
            // Meta, TikTok and Snapchat ask for the country code in the number itself, and their own examples
            // write it without "+" ("374-93-828222", "1-234-567-8910"): read the digits as an international
            // number, but only when libphonenumber calls it valid, so a national number ("(650) 555-1212") is
            // not taken for a foreign one.
            return WithCountryCode(input) is { Value: not null } international ? international : FieldValue.Dropped(FieldDrops.PhoneMissingCountry);
        }

        var result = Stable(input, region);
        if (result.Value is null && !hasPlus && WithCountryCode(input) is { Value: not null } fallback)
        {
            // Not a number of the user's country ("37493828222" for a user in the US), but a valid number
            // once read with its own country code.
            return fallback;
        }

        return result;
    }

    /// <summary>The digits read as country code and number ("+" added); kept only when valid, not merely possible.</summary>
    private static FieldValue WithCountryCode(string input)
    {
        var digits = new string(input.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is < 8 or > 15 || digits[0] == '0' || !StartsWithCallingCode(digits))
        {
            return FieldValue.Dropped(FieldDrops.PhoneInvalid);
        }

        try
        {
            if (!Util.IsValidNumber(Util.Parse(string.Concat("+", digits), "ZZ")))
            {
                return FieldValue.Dropped(FieldDrops.PhoneInvalid);
            }
        }
        catch (NumberParseException)
        {
            return FieldValue.Dropped(FieldDrops.PhoneInvalid);
        }

        return Stable(string.Concat("+", digits), null);
    }

    // Checked first so that libphonenumber is not asked (and does not throw) for digits no country code begins.
    private static bool StartsWithCallingCode(string digits)
    {
        for (var length = 1; length <= 3; length++)
        {
            if (Util.GetRegionCodeForCountryCode(int.Parse(digits.AsSpan(0, length), System.Globalization.CultureInfo.InvariantCulture)) != "ZZ")
            {
                return true;
            }
        }

        return false;
    }

    private static FieldValue Stable(string input, string? region)
    {
        // libphonenumber is not always idempotent on odd input (a first read of "+4400x.5 ..." keeps a
        // trunk 0 that a second read of its own output strips). Read our output back until it is stable,
        // so a canonical phone always normalizes to itself.
        var result = ParseOnce(input, region);
        for (var round = 0; round < 3 && result.Value is { } e164; round++)
        {
            var again = PhoneFastPath.TryInternational(e164.AsSpan(1), out var fast) ? FieldValue.Plain(fast) : ParseOnce(e164, null);
            if (again.Value == e164)
            {
                return result;
            }

            result = again;
        }

        return FieldValue.Dropped(FieldDrops.PhoneInvalid);
    }

    private static FieldValue ParseOnce(string input, string? region)
    {
        try
        {
            var number = Util.Parse(input, region ?? "ZZ");
            if (Util.IsPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE)
            {
                return FieldValue.Dropped(FieldDrops.PhoneInvalid);
            }

            var e164 = Util.Format(number, PhoneNumberFormat.E164);
            var countryCodeLength = e164.Length - 1 - Util.GetNationalSignificantNumber(number).Length;
            return PhoneFastPath.IsRepeatedDigit(e164.AsSpan(1 + countryCodeLength))
                ? FieldValue.Dropped(FieldDrops.PhoneInvalid)
                : FieldValue.Plain(e164);
        }
        catch (NumberParseException)
        {
            return FieldValue.Dropped(FieldDrops.PhoneInvalid);
        }
        catch (Exception)
        {
            // A port of a Java library meeting odd input: one bad phone is a dropped field, never a failed batch.
            return FieldValue.Dropped(FieldDrops.PhoneInvalid);
        }
    }
}
