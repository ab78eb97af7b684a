using System.Buffers;

namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Detects values that already are SHA-256 digests: exactly 64 hex characters, the whole value
/// (anchored; a value merely containing 64 hex characters is not a digest). Runs before any
/// normalization, because normalizing a digest as a phone or a name would destroy it.
/// </summary>
internal static class HexDigest
{
    private static readonly SearchValues<char> HexChars = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> UpperHex = SearchValues.Create("ABCDEF");

    public static bool IsSha256(ReadOnlySpan<char> value) => value.Length == 64 && !value.ContainsAnyExcept(HexChars);

    /// <summary>The digest in lower case; returns <paramref name="original"/> itself when it already is exactly that.</summary>
    public static string ToLower(ReadOnlySpan<char> digest, string original)
    {
        if (!digest.ContainsAny(UpperHex))
        {
            return digest.Length == original.Length ? original : digest.ToString();
        }

        return string.Create(digest.Length, digest, static (dest, src) => src.ToLowerInvariant(dest));
    }
}
