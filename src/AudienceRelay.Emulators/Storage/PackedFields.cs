namespace AudienceRelay.Emulators.Storage;

/// <summary>
/// A fixed number of optional strings in one byte array, for an emulator that keeps a record per member (a profile's
/// attributes, a member's names): one allocation instead of an object, a dictionary and a string per field. Each field is
/// its length (7-bit encoded: 0 for null, n + 1 for n bytes) then its text packed by <see cref="PackedText"/>, so a
/// 64-hex digest takes 34 bytes. Reading one field walks the lengths before it; nothing else is kept.
/// </summary>
internal static class PackedFields
{
    /// <summary>The packed form of a record whose fields are all null: shared, since it never changes.</summary>
    private static readonly Dictionary<int, byte[]> AllNull = [];

    public static byte[] Pack(ReadOnlySpan<string?> fields)
    {
        var packed = new byte[fields.Length][];
        var size = 0;
        var anyValue = false;
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i] is { } text)
            {
                anyValue = true;
                packed[i] = PackedText.Pack(text);
                size += LengthSize(packed[i].Length + 1) + packed[i].Length;
            }
            else
            {
                size++;
            }
        }

        if (!anyValue)
        {
            lock (AllNull)
            {
                if (!AllNull.TryGetValue(fields.Length, out var shared))
                {
                    shared = new byte[fields.Length];
                    AllNull.Add(fields.Length, shared);
                }

                return shared;
            }
        }

        var output = new byte[size];
        var at = 0;
        foreach (var field in packed)
        {
            at += WriteLength(output.AsSpan(at), field is null ? 0 : field.Length + 1);
            if (field is not null)
            {
                field.CopyTo(output, at);
                at += field.Length;
            }
        }

        return output;
    }

    /// <summary>Every field, as packed; <paramref name="count"/> is the number of fields the record was packed with.</summary>
    public static string?[] Unpack(ReadOnlySpan<byte> packed, int count)
    {
        var fields = new string?[count];
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var length = ReadLength(packed, ref at);
            if (length > 0)
            {
                fields[i] = PackedText.Unpack(packed.Slice(at, length - 1));
                at += length - 1;
            }
        }

        return fields;
    }

    /// <summary>One field (0-based), without unpacking the others.</summary>
    public static string? Get(ReadOnlySpan<byte> packed, int index)
    {
        var at = 0;
        for (var i = 0; ; i++)
        {
            var length = ReadLength(packed, ref at);
            if (i == index)
            {
                return length == 0 ? null : PackedText.Unpack(packed.Slice(at, length - 1));
            }

            at += Math.Max(0, length - 1);
        }
    }

    private static int LengthSize(int value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteLength(Span<byte> output, int value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            output[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        output[i++] = (byte)value;
        return i;
    }

    private static int ReadLength(ReadOnlySpan<byte> packed, ref int at)
    {
        var value = 0;
        var shift = 0;
        byte b;
        do
        {
            b = packed[at++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        return value;
    }
}
