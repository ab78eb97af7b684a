using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// The members of one audience (or the rows staged by a replace session). Adding a row with the same identity
/// replaces it. Removing matches the exact row first, then any member sharing a strong identifier (EMAIL, PHONE,
/// MADID, EXTERN_ID...), because Meta removes the matched person, not a literal row. Not thread-safe: the store locks.
/// Rows are held packed (<see cref="PackedText"/>: a digest as its 32 bytes), and the strong-identifier index shares
/// those bytes, so 200,000 members take a fraction of their text as strings; <see cref="Rows"/> unpacks them.
/// </summary>
internal sealed class MemberSet
{
    private readonly Dictionary<PackedKey, StoredRow> _rows = [];
    private readonly Dictionary<PackedKey, List<PackedKey>> _byIdentifier = [];

    public int Count => _rows.Count;

    public IEnumerable<MemberRow> Rows => _rows.Values.Select(r => r.ToRow());

    public void Add(MemberRow row)
    {
        var stored = StoredRow.Of(row);
        if (_rows.TryGetValue(stored.Key, out var existing))
        {
            Unindex(existing);
        }

        _rows[stored.Key] = stored;
        foreach (var identifier in stored.Strong)
        {
            if (!_byIdentifier.TryGetValue(identifier, out var keys))
            {
                keys = new List<PackedKey>(1);
                _byIdentifier[identifier] = keys;
            }

            if (!keys.Contains(stored.Key))
            {
                keys.Add(stored.Key);
            }
        }
    }

    public int Remove(MemberRow row)
    {
        if (_rows.TryGetValue(PackedKey.Of(row.Key), out var exact))
        {
            RemoveRow(exact);
            return 1;
        }

        var matched = row.StrongIdentifiers
            .SelectMany(id => _byIdentifier.TryGetValue(PackedKey.Of(id), out var keys) ? keys : Enumerable.Empty<PackedKey>())
            .Distinct()
            .ToList();
        foreach (var key in matched)
        {
            RemoveRow(_rows[key]);
        }

        return matched.Count;
    }

    public void ReplaceWith(MemberSet other)
    {
        _rows.Clear();
        _byIdentifier.Clear();
        foreach (var row in other._rows.Values)
        {
            Add(row);
        }
    }

    private void Add(StoredRow stored)
    {
        _rows[stored.Key] = stored;
        foreach (var identifier in stored.Strong)
        {
            if (!_byIdentifier.TryGetValue(identifier, out var keys))
            {
                keys = new List<PackedKey>(1);
                _byIdentifier[identifier] = keys;
            }

            keys.Add(stored.Key);
        }
    }

    private void RemoveRow(StoredRow row)
    {
        _rows.Remove(row.Key);
        Unindex(row);
    }

    private void Unindex(StoredRow row)
    {
        foreach (var identifier in row.Strong)
        {
            if (_byIdentifier.TryGetValue(identifier, out var keys) && keys.Remove(row.Key) && keys.Count == 0)
            {
                _byIdentifier.Remove(identifier);
            }
        }
    }

    /// <summary>One row packed: its identity key, its values by canonical schema key, its strong identifiers.</summary>
    private sealed record StoredRow(PackedKey Key, (string Name, PackedKey Value)[] Values, PackedKey[] Strong)
    {
        public static StoredRow Of(MemberRow row) => new(
            PackedKey.Of(row.Key),
            [.. row.Values.Select(v => (v.Key, PackedKey.Of(v.Value)))],
            [.. row.StrongIdentifiers.Select(PackedKey.Of)]);

        public MemberRow ToRow() => new(
            Key.ToString(),
            Values.ToDictionary(v => v.Name, v => v.Value.ToString(), StringComparer.Ordinal),
            [.. Strong.Select(s => s.ToString())]);
    }
}
