namespace AudienceRelay.Core.Normalization;

/// <summary>
/// A SHA-256 digest held by a <see cref="HashCache"/>, by number: 4 bytes in a row instead of a 64-character
/// string, so building a batch's rows allocates no digest text. <c>default</c> is "no value". Only meaningful
/// with the cache that made it.
/// </summary>
internal readonly record struct DigestRef(int Number)
{
    public static DigestRef None => default;

    public bool IsNone => Number == 0;

    /// <summary>The digest's slot in the cache's <see cref="DigestStore"/>.</summary>
    public int Index => Number - 1;

    public static DigestRef ForIndex(int index) => new(index + 1);
}
