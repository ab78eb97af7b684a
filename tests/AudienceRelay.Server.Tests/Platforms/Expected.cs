using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>
/// Expected platform values, from the normalized values written out by hand in each test (docs/normalization.md),
/// hashed here: never through the code under test.
/// </summary>
internal static class Expected
{
    /// <summary>SHA-256 of the UTF-8 bytes, lower-case hex, as every hashing platform wants it.</summary>
    public static string Sha(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));

    /// <summary>One Meta member as the emulator holds it: the hashed columns hashed, EXTERN_ID raw, empty columns absent.</summary>
    public static string MetaRow(
        string? email = null, string? phone = null, string? fn = null, string? ln = null, string? country = null, string? zip = null, string? externId = null)
    {
        var row = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in new[] { ("EMAIL", email), ("PHONE", phone), ("FN", fn), ("LN", ln), ("COUNTRY", country), ("ZIP", zip) })
        {
            if (value is not null)
            {
                row[key] = Sha(value);
            }
        }

        if (externId is not null)
        {
            row["EXTERN_ID"] = externId;
        }

        return Canonical(row);
    }

    /// <summary>A member row as one comparable string (keys in order), so sets of members compare exactly.</summary>
    public static string Canonical(IReadOnlyDictionary<string, string> row) =>
        string.Join('|', row.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));

    public static IReadOnlySet<string> Members(IEnumerable<IReadOnlyDictionary<string, string>> rows) =>
        rows.Select(Canonical).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> Set(params string[] values) => values.ToHashSet(StringComparer.Ordinal);
}
