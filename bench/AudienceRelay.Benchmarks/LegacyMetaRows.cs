using System.Globalization;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Benchmarks;

/// <summary>
/// The Meta row path before the speed work (commit 879a7c9), kept only as the "before" of the A/B benchmarks:
/// a cache from each value to its 64-character hex string, and a string array per row. Same normalization and
/// hashing functions as the product, so the two differ only in how digests and rows are held.
/// </summary>
internal sealed class LegacyMetaRows(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _digests = new(capacity, StringComparer.Ordinal);

    public int Count => _digests.Count;

    public string[] Row(MatchKeys keys, bool includeLookalikeValue)
    {
        var row = new string[includeLookalikeValue ? 8 : 7];
        row[0] = keys.Email is null ? "" : keys.EmailIsHashed ? keys.Email : Sha256Hex(keys.Email);
        row[1] = keys.PhoneE164 is null ? "" : keys.PhoneIsHashed ? keys.PhoneE164 : Sha256Hex(PlatformText.DigitsOnly(keys.PhoneE164));
        row[2] = Name(keys.FirstName, keys.FirstNameIsHashed) ?? "";
        row[3] = Name(keys.LastName, keys.LastNameIsHashed) ?? "";
        row[4] = keys.CountryCode is null ? "" : Sha256Hex(CountryRules.ToLower(keys.CountryCode));
        row[5] = Zip(keys.PostalCode) ?? "";
        row[6] = keys.EdgeTagId ?? "";
        if (includeLookalikeValue)
        {
            var value = keys.Purchase?.Profit ?? keys.Purchase?.Total7Days;
            row[7] = value is null ? "" : Math.Max(value.Value, 0m).ToString(CultureInfo.InvariantCulture);
        }

        return row;
    }

    private string? Name(string? name, bool isHashed)
    {
        if (name is null || isHashed)
        {
            return name;
        }

        Span<char> buffer = stackalloc char[PlatformText.StackChars];
        var text = 2 * name.Length <= buffer.Length ? buffer : new char[2 * name.Length];
        var length = PlatformText.LowerLettersOnly(name, text);
        return length == 0 ? null : Sha256Hex(PlatformText.Compose(text[..length]));
    }

    private string? Zip(string? postalCode)
    {
        if (postalCode is null)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[PlatformText.StackChars];
        var zip = postalCode.Length <= buffer.Length ? buffer : new char[postalCode.Length];
        var length = PlatformText.LowerWithoutWhitespace(postalCode, zip);
        return length == 0 ? null : Sha256Hex(zip[..length]);
    }

    private string Sha256Hex(string normalized)
    {
        lock (_gate)
        {
            if (_digests.TryGetValue(normalized, out var digest))
            {
                return digest;
            }
        }

        var computed = HashCache.Compute(normalized);
        lock (_gate)
        {
            _digests[normalized] = computed;
        }

        return computed;
    }

    private string Sha256Hex(ReadOnlySpan<char> normalized)
    {
        var bySpan = _digests.GetAlternateLookup<ReadOnlySpan<char>>();
        lock (_gate)
        {
            if (bySpan.TryGetValue(normalized, out var digest))
            {
                return digest;
            }
        }

        var computed = HashCache.Compute(normalized);
        lock (_gate)
        {
            bySpan[normalized] = computed;
        }

        return computed;
    }
}
