namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Canonical postal code, per country:
/// <list type="bullet">
/// <item>US and the territories that use USPS ZIP codes: the first 5 digits ("90210-1234", "902101234" → "90210").
/// Meta and Google both ask for 5 digits.</item>
/// <item>UK-style postcodes (GB, GG, JE, IM) and Canada: upper case without spaces ("SW1A 1AA" → "SW1A1AA").</item>
/// <item>Elsewhere (or with no country): upper case, whitespace runs collapsed to one space, hyphens kept.</item>
/// </list>
/// Platform rules lower-case it or remove spaces on top. Values with characters no postal code has
/// (only ASCII letters, digits, space and hyphen are allowed), too short or too long, or not shaped
/// like their country's codes are dropped and counted.
/// </summary>
internal static class PostalCodeRules
{
    private const int MaxLength = 12;

    public static FieldValue Canonicalize(string? raw, string? countryCode)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return FieldValue.Absent;
        }

        var trimmed = raw.AsSpan().Trim();
        if (trimmed.Length > 2 * MaxLength)
        {
            return FieldValue.Dropped(FieldDrops.PostalCodeInvalid);
        }

        // Upper case, whitespace collapsed, charset checked: the shape shared by every country.
        Span<char> buffer = stackalloc char[2 * MaxLength];
        var length = 0;
        var alphanumerics = 0;
        var pendingSpace = false;
        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return FieldValue.Dropped(FieldDrops.PostalCodeInvalid);
            }

            if (pendingSpace)
            {
                buffer[length++] = ' ';
                pendingSpace = false;
            }

            alphanumerics += c == '-' ? 0 : 1;
            buffer[length++] = char.ToUpperInvariant(c);
        }

        var shaped = buffer[..length];
        if (alphanumerics < 2 || length > MaxLength)
        {
            return FieldValue.Dropped(FieldDrops.PostalCodeInvalid);
        }

        var result = countryCode switch
        {
            "US" or "PR" or "VI" or "GU" or "AS" or "MP" => UsZip(shaped),
            "GB" or "GG" or "JE" or "IM" => Compact(shaped, 5, 7, startsWithLetter: true),
            "CA" => CanadianPostalCode(shaped),
            _ => shaped.SequenceEqual(raw) ? raw : shaped.ToString(),
        };
        return result is null ? FieldValue.Dropped(FieldDrops.PostalCodeInvalid) : FieldValue.Plain(result);
    }

    /// <summary>5 digits, or ZIP+4 written as 9 digits with or without a hyphen/space: keep the first 5.</summary>
    private static string? UsZip(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[MaxLength];
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits[count++] = c;
            }
            else if (count != 5 || (c != '-' && c != ' '))
            {
                // Only one separator, and only between the ZIP and the +4 part.
                return null;
            }
        }

        return count is 5 or 9 ? new string(digits[..5]) : null;
    }

    private static string? Compact(ReadOnlySpan<char> value, int min, int max, bool startsWithLetter)
    {
        Span<char> compact = stackalloc char[MaxLength];
        var count = 0;
        foreach (var c in value)
        {
            // "K1A-0B1" and "K1A 0B1" are the same code.
            if (c is not (' ' or '-'))
            {
                compact[count++] = c;
            }
        }

        if (count < min || count > max || (startsWithLetter && !char.IsAsciiLetter(compact[0])))
        {
            return null;
        }

        return new string(compact[..count]);
    }

    /// <summary>Canada: letter digit letter digit letter digit ("K1A 0B1" → "K1A0B1").</summary>
    private static string? CanadianPostalCode(ReadOnlySpan<char> value)
    {
        var compact = Compact(value, 6, 6, startsWithLetter: true);
        if (compact is null)
        {
            return null;
        }

        for (var i = 0; i < 6; i++)
        {
            if (i % 2 == 0 ? !char.IsAsciiLetter(compact[i]) : !char.IsAsciiDigit(compact[i]))
            {
                return null;
            }
        }

        return compact;
    }
}
