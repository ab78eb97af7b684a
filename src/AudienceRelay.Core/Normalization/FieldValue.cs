namespace AudienceRelay.Core.Normalization;

/// <summary>The canonical form of one field: a value (or null), whether it was a SHA-256 digest, and why it was dropped.</summary>
internal readonly record struct FieldValue(string? Value, bool IsHashed, FieldDrops Drop)
{
    public static FieldValue Absent => default;

    public static FieldValue Plain(string value) => new(value, false, FieldDrops.None);

    public static FieldValue Hashed(string digest) => new(digest, true, FieldDrops.None);

    public static FieldValue Dropped(FieldDrops drop) => new(null, false, drop);
}
