namespace AudienceRelay.Emulators.TikTok;

/// <summary>
/// The identifier types <c>/segment/mapping/</c> accepts in <c>id_schema</c>, and the digest each must carry:
/// SHA-256 as 64 lower-case hex characters, MD5 as 32 (providers.md §2.4, §2.5).
/// </summary>
internal static class TikTokIdTypes
{
    private static readonly Dictionary<string, int> HexLength = new(StringComparer.Ordinal)
    {
        ["EMAIL_SHA256"] = 64,
        ["PHONE_SHA256"] = 64,
        ["IDFA_SHA256"] = 64,
        ["AAID_SHA256"] = 64,
        ["IDFA_MD5"] = 32,
        ["AAID_MD5"] = 32,
    };

    public static string Allowed => string.Join(", ", HexLength.Keys);

    public static bool IsKnown(string idType) => HexLength.ContainsKey(idType);

    /// <summary>True when <paramref name="id"/> is a lower-case hex digest of the length <paramref name="idType"/> needs.</summary>
    /// <remarks>
    /// The digest of the empty string is refused: it identifies no one (providers.md §0, "never hash an empty string").
    /// </remarks>
    public static bool IsValidDigest(string idType, string id) =>
        id.Length == HexLength[idType] && id is not (EmptySha256 or EmptyMd5) && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string EmptyMd5 = "d41d8cd98f00b204e9800998ecf8427e";

    public static string DigestName(string idType) => idType.EndsWith("_MD5", StringComparison.Ordinal) ? "MD5 (32" : "SHA256 (64";
}
