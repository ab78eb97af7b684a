using System.Text;
using CsCheck;

namespace AudienceRelay.Server.Tests.Fuzz;

/// <summary>
/// Generates hostile <c>POST /audience</c> bodies: well-formed multipart around hostile JSON (lone surrogate
/// escapes, control characters, huge and deep values, duplicate keys, wrong types), hostile multipart
/// (missing, repeated and unknown parts, broken boundaries), then byte-level damage (flips, invalid UTF-8,
/// truncation). Every one must get a 2xx or a 4xx in the API's shape: never a 500, never a hang.
/// </summary>
internal static class HostileUploads
{
    public const string Boundary = "fuzz-boundary-7MA4YWxk";

    private static readonly string[] StringBodies =
    [
        "ann@example.com", "A.B+tag@Example.COM ", "+1 (650) 555-1212", "0044 20 7946 0958", "US", "gb", "Zoë", "O'Brien-Smith",
        "\\ud800", "\\udc00", "a\\ud800@example.com", "\\udbff\\udfff", "\\u0000", "nul\\u0000@example.com", "\\u001f", "\\u202e",
        "\\\"", "\\\\", "\\/", "\\x41", "\\u12", "e\\u0301", "𝓪𝓫𝓬@example.com", "٣٤٥", "2025-02-30", "2025-01-31", "1e309", "",
        " ", "\\t\\n", "null", "-", "@", "a@b", "ﬀ@example.com", "İ@example.com",
    ];

    private static readonly string[] RawTokens =
    [
        "null", "true", "false", "0", "-1", "1", "2", "3", "1.5", "1e999", "-1e999", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "1700000000", "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"", "[\"x\"]", "01", "+1", ".5", "NaN",
    ];

    private static readonly string[] UserKeys = ["email", "phone", "firstName", "lastName", "country", "postalCode", "edgeTagId", "purchase", "Email", "zzUnknown", "email"];

    private static readonly string[] BatchKeys = ["sessionId", "sequence", "totalBatches", "totalUsers", "pullDate", "sessionId", "extra"];

    private static readonly string[] PartNames = ["name", "type", "batch", "users", "users", "unknown", "", "na\"me"];

    /// <summary>A JSON value: a hostile string, a raw token, a long string, or deep nesting.</summary>
    public static readonly Gen<string> Value = Gen.Frequency(
        (6, Gen.OneOfConst(StringBodies).Select(s => "\"" + s + "\"")),
        (3, Gen.OneOfConst(RawTokens)),
        (1, Gen.Int[1, 400_000].Select(n => "\"" + new string('a', n) + "@example.com\"")),
        (1, Gen.Int[1, 3_000].Select(n => new string('[', n) + new string(']', n))),
        (1, Gen.Int[1, 200].Select(n => string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n))));

    private static Gen<string> Object(string[] keys, Gen<string> value, int maxFields) =>
        Gen.Select(Gen.OneOfConst(keys), value).Array[0, maxFields]
            .Select(fields => "{" + string.Join(",", fields.Select(f => "\"" + f.Item1 + "\":" + f.Item2)) + "}");

    private static readonly Gen<string> PurchaseOrValue = Gen.Frequency(
        (4, Value),
        (1, Object(["currency", "profit", "total7Days", "currency"], Value, 4)));

    public static readonly Gen<string> User = Gen.Frequency(
        (8, Object(UserKeys, PurchaseOrValue, 6)),
        (1, Value));

    public static readonly Gen<string> Users = Gen.Frequency(
        (8, User.Array[0, 6].Select(users => "[" + string.Join(",", users) + "]")),
        (1, Value),
        (1, Gen.Int[1, 5_000].Select(n => "[" + string.Join(",", Enumerable.Repeat("{\"email\":\"x@example.com\"}", n)) + "]")));

    public static readonly Gen<string> Batch = Gen.Frequency(
        (2, Gen.Select(Gen.Long[0, 1_000_000], Gen.Int[0, 3], Gen.Int[1, 3]).Select(t =>
            $"{{\"sessionId\":{t.Item1},\"sequence\":{t.Item2},\"totalBatches\":{t.Item3},\"totalUsers\":5}}")),
        (4, Object(BatchKeys, Value, 7)),
        (1, Value));

    private static readonly Gen<(string Name, string Body, bool AsFile)> Part = Gen.Frequency(
        (3, Gen.Select(Gen.OneOfConst("custom", "primary", "Custom", "", "\\ud800", "other"), Gen.Const(false)).Select(t => ("type", t.Item1, t.Item2))),
        (3, Gen.OneOfConst(StringBodies).Select(s => ("name", s, false))),
        (4, Batch.Select(b => ("batch", b, false))),
        (5, Gen.Select(Users, Gen.Bool).Select(t => ("users", t.Item1, t.Item2))),
        (1, Gen.Select(Gen.OneOfConst(PartNames), Value).Select(t => (t.Item1, t.Item2, false))));

    private static readonly Gen<List<(string Name, string Body, bool AsFile)>> Parts = Gen.Frequency(
        (6, Gen.Select(Gen.OneOfConst(StringBodies), Gen.OneOfConst("custom", "primary"), Batch, Users, Gen.Bool)
            .Select(t => new List<(string, string, bool)> { ("name", t.Item1, false), ("type", t.Item2, false), ("batch", t.Item3, false), ("users", t.Item4, t.Item5) })),
        (3, Part.List[0, 8]));

    /// <summary>Byte-level damage after the multipart is laid out.</summary>
    private static readonly Gen<Func<byte[], byte[]>> Damage = Gen.Frequency(
        (10, Gen.Const<Func<byte[], byte[]>>(b => b)),
        (2, Gen.Select(Gen.Double[0, 1], Gen.Byte).Select<(double, byte), Func<byte[], byte[]>>(t => b => Flip(b, t.Item1, t.Item2))),
        (2, Gen.Select(Gen.Double[0, 1], Gen.OneOfConst<byte>(0xFF, 0xC0, 0xED, 0x80, 0xF8)).Select<(double, byte), Func<byte[], byte[]>>(t => b => Insert(b, t.Item1, t.Item2))),
        (1, Gen.Double[0, 1].Select<double, Func<byte[], byte[]>>(at => b => b[..(int)(b.Length * at)])));

    public static readonly Gen<HostileUpload> Upload = Gen.Select(Parts, Damage, Gen.Int[0, 9])
        .Select(t => new HostileUpload(t.Item2(Layout(t.Item1, brokenBoundary: t.Item3 == 0)), t.Item1.Count));

    private static byte[] Layout(List<(string Name, string Body, bool AsFile)> parts, bool brokenBoundary)
    {
        var text = new StringBuilder();
        foreach (var (name, body, asFile) in parts)
        {
            text.Append("--").Append(Boundary).Append("\r\n");
            text.Append("Content-Disposition: form-data; name=\"").Append(name).Append('"');
            if (asFile)
            {
                text.Append("; filename=\"users.json\"\r\nContent-Type: application/json");
            }

            text.Append("\r\n\r\n").Append(body).Append("\r\n");
        }

        text.Append("--").Append(brokenBoundary ? Boundary[..5] : Boundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Flip(byte[] bytes, double at, byte value)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        var copy = (byte[])bytes.Clone();
        copy[Math.Min((int)(at * copy.Length), copy.Length - 1)] = value;
        return copy;
    }

    private static byte[] Insert(byte[] bytes, double at, byte value)
    {
        var index = (int)(at * bytes.Length);
        return [.. bytes[..index], value, .. bytes[index..]];
    }
}

/// <summary>One generated request body; <see cref="ToString"/> keeps failure reports short (bodies can be megabytes).</summary>
internal sealed record HostileUpload(byte[] Body, int Parts)
{
    public override string ToString()
    {
        var head = Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 600));
        return $"{Body.Length} bytes, {Parts} parts: {head}";
    }
}
