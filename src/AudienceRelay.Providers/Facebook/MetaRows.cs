using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// A batch as Meta rows: one row per usable user, aligned with <see cref="Schema"/>, hashed by
/// <see cref="MetaIdentity"/> through the batch's shared <see cref="HashCache"/>. A user with no email, phone or
/// edgeTagId, or whose row would carry no identifying value, is skipped and counted. The rows are values in
/// one array (<see cref="MetaRow"/>: digests by reference into the cache); their hex is written only into the
/// request body, by <see cref="Slice"/>.
/// </summary>
internal sealed class MetaRows
{
    /// <summary>The skip reason reported in the delivery's counts.</summary>
    public const string SkipReason = "noMetaIdentifier";

    private readonly MetaRow[] _rows;
    private readonly HashCache _hashes;
    private readonly bool _valueBased;

    private MetaRows(MetaRow[] rows, int count, HashCache hashes, bool valueBased, int skipped)
    {
        _rows = rows;
        Count = count;
        _hashes = hashes;
        _valueBased = valueBased;
        Skipped = skipped;
    }

    public IReadOnlyList<string> Schema => MetaIdentity.Schema(_valueBased);

    public int Count { get; }

    public int Skipped { get; }

    public static MetaRows From(IReadOnlyList<MatchKeys> batch, HashCache hashes, bool valueBased)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(hashes);
        var rows = new MetaRow[batch.Count];
        var count = 0;
        foreach (var keys in batch)
        {
            var row = keys.IsUsable ? MetaRow.For(keys, hashes, valueBased) : default;
            if (row.Identifies)
            {
                rows[count++] = row;
            }
        }

        return new MetaRows(rows, count, hashes, valueBased, batch.Count - count);
    }

    /// <summary>How many requests the rows take when cut <paramref name="size"/> at a time.</summary>
    public int Chunks(int size) => (Count + size - 1) / size;

    /// <summary>The rows of request <paramref name="chunk"/> (from 0) when cut <paramref name="size"/> at a time.</summary>
    public Slice Chunk(int chunk, int size)
    {
        var start = chunk * size;
        return new Slice(this, start, Math.Min(size, Count - start));
    }

    /// <summary>Some consecutive rows, serialized as <c>payload.data</c>: an array of arrays of strings.</summary>
    [JsonConverter(typeof(SliceConverter))]
    internal sealed class Slice(MetaRows rows, int start, int count)
    {
        public int Count => count;

        internal void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartArray();
            foreach (ref readonly var row in rows._rows.AsSpan(start, count))
            {
                row.WriteTo(writer, rows._hashes, rows._valueBased);
            }

            writer.WriteEndArray();
        }
    }

    // Internal, not private: the source-generated FacebookJsonContext instantiates it.
    internal sealed class SliceConverter : JsonConverter<Slice>
    {
        public override Slice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Meta rows are only ever written.");

        public override void Write(Utf8JsonWriter writer, Slice value, JsonSerializerOptions options) => value.WriteTo(writer);
    }
}
