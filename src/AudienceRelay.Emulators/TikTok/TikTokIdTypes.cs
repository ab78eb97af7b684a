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
    public static bool IsValidDigest(string idType, string id) =>
        id.Length == HexLength[idType] && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string DigestName(string idType) => idType.EndsWith("_MD5", StringComparison.Ordinal) ? "MD5 (32" : "SHA256 (64";
}
