namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// The members of one audience (or the rows staged by a replace session). Adding a row with the same identity
/// replaces it. Removing matches the exact row first, then any member sharing a strong identifier (EMAIL, PHONE,
/// MADID, EXTERN_ID...), because Meta removes the matched person, not a literal row. Not thread-safe: the store locks.
/// </summary>
internal sealed class MemberSet
{
    private readonly Dictionary<string, MemberRow> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byIdentifier = new(StringComparer.Ordinal);

    public int Count => _rows.Count;

    public IEnumerable<MemberRow> Rows => _rows.Values;

    public void Add(MemberRow row)
    {
        if (_rows.TryGetValue(row.Key, out var existing))
        {
            Unindex(existing);
        }

        _rows[row.Key] = row;
        foreach (var identifier in row.StrongIdentifiers)
        {
            if (!_byIdentifier.TryGetValue(identifier, out var keys))
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                _byIdentifier[identifier] = keys;
            }

            keys.Add(row.Key);
        }
    }

    public int Remove(MemberRow row)
    {
        if (_rows.TryGetValue(row.Key, out var exact))
        {
            RemoveRow(exact);
            return 1;
        }

        var matched = row.StrongIdentifiers
            .SelectMany(id => _byIdentifier.TryGetValue(id, out var keys) ? keys : Enumerable.Empty<string>())
            .Distinct(StringComparer.Ordinal)
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
        foreach (var row in other.Rows)
        {
            Add(row);
        }
    }

    private void RemoveRow(MemberRow row)
    {
        _rows.Remove(row.Key);
        Unindex(row);
    }

    private void Unindex(MemberRow row)
    {
        foreach (var identifier in row.StrongIdentifiers)
        {
            if (_byIdentifier.TryGetValue(identifier, out var keys) && keys.Remove(row.Key) && keys.Count == 0)
            {
                _byIdentifier.Remove(identifier);
            }
        }
    }
}
