using System.Collections;

namespace AudienceRelay.Emulators.Storage;

/// <summary>
/// A set of strings (ordinal) held packed (<see cref="PackedText"/>): an emulator's members, which are mostly SHA-256
/// digests, in a third of the memory of a <see cref="HashSet{T}"/> of strings. Enumerating unpacks each member.
/// Not thread-safe, like the sets it replaces: the emulators lock around it.
/// </summary>
internal sealed class PackedStringSet : IReadOnlyCollection<string>
{
    private readonly HashSet<PackedKey> _members = [];

    public int Count => _members.Count;

    public bool Add(string member) => _members.Add(PackedKey.Of(member));

    public bool Remove(string member) => _members.Remove(PackedKey.Of(member));

    public bool Contains(string member) => _members.Contains(PackedKey.Of(member));

    public void Clear() => _members.Clear();

    public void UnionWith(IEnumerable<string> members)
    {
        foreach (var member in members)
        {
            Add(member);
        }
    }

    public void ExceptWith(IEnumerable<string> members)
    {
        foreach (var member in members)
        {
            Remove(member);
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        foreach (var member in _members)
        {
            yield return member.ToString();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
