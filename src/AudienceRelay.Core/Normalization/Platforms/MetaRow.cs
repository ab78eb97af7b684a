using System.Security.Cryptography;
using System.Text.Json;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// One Meta <c>payload.data</c> row (<see cref="MetaIdentity.Schema"/>) as a value: the six hashed keys by
/// reference into the batch's <see cref="HashCache"/>, EXTERN_ID and LOOKALIKE_VALUE as text. A batch's rows
/// fit in one array with no object per user and no digest string; the hex is written straight into the
/// request (<see cref="WriteTo"/>), the same JSON as the string cells of <see cref="MetaIdentity.Row"/>.
/// </summary>
public readonly struct MetaRow
{
    private const int HashedCells = 6;
    private const int HexChars = 2 * SHA256.HashSizeInBytes;

    private readonly DigestRef _email;
    private readonly DigestRef _phone;
    private readonly DigestRef _firstName;
    private readonly DigestRef _lastName;
    private readonly DigestRef _country;
    private readonly DigestRef _zip;
    private readonly string? _externId;
    private readonly string? _lookalikeValue;

    private MetaRow(MatchKeys keys, HashCache cache, bool includeLookalikeValue)
    {
        _email = MetaIdentity.EmailDigest(keys, cache);
        _phone = MetaIdentity.PhoneDigest(keys, cache);
        _firstName = MetaIdentity.NameDigest(keys.FirstName, keys.FirstNameIsHashed, cache);
        _lastName = MetaIdentity.NameDigest(keys.LastName, keys.LastNameIsHashed, cache);
        _country = MetaIdentity.CountryDigest(keys, cache);
        _zip = MetaIdentity.ZipDigest(keys, cache);
        _externId = MetaIdentity.ExternId(keys);
        _lookalikeValue = includeLookalikeValue ? MetaIdentity.LookalikeValue(keys) : null;
    }

    /// <summary>
    /// True when a cell other than LOOKALIKE_VALUE has a value (LOOKALIKE_VALUE identifies no one). Never true
    /// for <c>default</c>.
    /// </summary>
    public bool Identifies =>
        !_email.IsNone || !_phone.IsNone || !_firstName.IsNone || !_lastName.IsNone || !_country.IsNone || !_zip.IsNone
        || !string.IsNullOrEmpty(_externId);

    /// <summary>The row of one user; its digests live in <paramref name="cache"/>, which must come along when it is written.</summary>
    public static MetaRow For(MatchKeys keys, HashCache cache, bool includeLookalikeValue)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cache);
        return new MetaRow(keys, cache, includeLookalikeValue);
    }

    /// <summary>The row as text cells, "" for a missing value (the digest strings are the cache's shared ones).</summary>
    public string[] ToCells(HashCache cache, bool includeLookalikeValue)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var row = new string[includeLookalikeValue ? 8 : 7];
        row[0] = cache.Text(_email) ?? "";
        row[1] = cache.Text(_phone) ?? "";
        row[2] = cache.Text(_firstName) ?? "";
        row[3] = cache.Text(_lastName) ?? "";
        row[4] = cache.Text(_country) ?? "";
        row[5] = cache.Text(_zip) ?? "";
        row[6] = _externId ?? "";
        if (includeLookalikeValue)
        {
            row[7] = _lookalikeValue ?? "";
        }

        return row;
    }

    /// <summary>Writes the row as a JSON array of strings, byte for byte what serializing <see cref="ToCells"/> writes.</summary>
    public void WriteTo(Utf8JsonWriter writer, HashCache cache, bool includeLookalikeValue)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cache);
        ReadOnlySpan<DigestRef> digests = [_email, _phone, _firstName, _lastName, _country, _zip];
        Span<byte> bytes = stackalloc byte[HashedCells * SHA256.HashSizeInBytes];
        Span<byte> hex = stackalloc byte[HexChars];
        cache.CopyDigests(digests, bytes);
        writer.WriteStartArray();
        for (var i = 0; i < HashedCells; i++)
        {
            if (digests[i].IsNone)
            {
                writer.WriteStringValue(""u8);
                continue;
            }

            Convert.TryToHexStringLower(bytes.Slice(i * SHA256.HashSizeInBytes, SHA256.HashSizeInBytes), hex, out _);
            writer.WriteStringValue(hex);
        }

        writer.WriteStringValue(_externId ?? "");
        if (includeLookalikeValue)
        {
            writer.WriteStringValue(_lookalikeValue ?? "");
        }

        writer.WriteEndArray();
    }
}
