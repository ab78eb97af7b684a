namespace AudienceRelay.Emulators.Storage;

/// <summary>A member's text packed by <see cref="PackedText"/>, compared by its bytes (equal texts pack to equal bytes).</summary>
internal readonly struct PackedKey(byte[] bytes) : IEquatable<PackedKey>
{
    private readonly byte[] _bytes = bytes;

    public static PackedKey Of(string text) => new(PackedText.Pack(text));

    public override string ToString() => PackedText.Unpack(_bytes);

    public bool Equals(PackedKey other) => _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => obj is PackedKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(PackedKey left, PackedKey right) => left.Equals(right);

    public static bool operator !=(PackedKey left, PackedKey right) => !left.Equals(right);
}
