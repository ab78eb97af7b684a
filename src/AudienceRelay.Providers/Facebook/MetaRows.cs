using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// A batch as Meta rows: one row per usable user, aligned with <see cref="Schema"/>, hashed by
/// <see cref="MetaIdentity"/> through the batch's shared <see cref="HashCache"/>. A user with no email, phone or
/// edgeTagId, or whose row would carry no identifying value, is skipped and counted.
/// </summary>
internal sealed class MetaRows
{
    /// <summary>The skip reason reported in the delivery's counts.</summary>
    public const string SkipReason = "noMetaIdentifier";

    private const string LookalikeValue = "LOOKALIKE_VALUE";

    private readonly List<string[]> _rows;

    private MetaRows(IReadOnlyList<string> schema, List<string[]> rows, int skipped)
    {
        Schema = schema;
        _rows = rows;
        Skipped = skipped;
    }

    public IReadOnlyList<string> Schema { get; }

    public int Count => _rows.Count;

    public int Skipped { get; }

    public static MetaRows From(IReadOnlyList<MatchKeys> batch, HashCache hashes, bool valueBased)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var schema = MetaIdentity.Schema(valueBased);
        var rows = new List<string[]>(batch.Count);
        var skipped = 0;
        foreach (var keys in batch)
        {
            var row = keys.IsUsable ? MetaIdentity.Row(keys, hashes, valueBased) : null;
            if (row is null || !Identifies(schema, row))
            {
                skipped++;
                continue;
            }

            rows.Add(row);
        }

        return new MetaRows(schema, rows, skipped);
    }

    /// <summary>How many requests the rows take when cut <paramref name="size"/> at a time.</summary>
    public int Chunks(int size) => (_rows.Count + size - 1) / size;

    /// <summary>The rows of request <paramref name="chunk"/> (from 0) when cut <paramref name="size"/> at a time.</summary>
    public IReadOnlyList<string[]> Chunk(int chunk, int size)
    {
        var start = chunk * size;
        return _rows.GetRange(start, Math.Min(size, _rows.Count - start));
    }

    // LOOKALIKE_VALUE does not identify anyone; every other column does.
    private static bool Identifies(IReadOnlyList<string> schema, string[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i].Length > 0 && schema[i] != LookalikeValue)
            {
                return true;
            }
        }

        return false;
    }
}
