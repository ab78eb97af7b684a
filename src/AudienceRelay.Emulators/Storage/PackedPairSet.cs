using System.Collections;

namespace AudienceRelay.Emulators.Storage;

/// <summary>
/// A set of (id type, id) pairs held packed (<see cref="PackedText"/>), for an emulator whose members are hashed ids
/// of several types. The id type is one of the platform's fixed names, never containing a NUL, which separates the two.
/// Not thread-safe: the emulators lock around it.
/// </summary>
internal sealed class PackedPairSet : IReadOnlyCollection<(string IdType, string Id)>
{
    private readonly HashSet<PackedKey> _members = [];

    public int Count => _members.Count;

    public bool Add((string IdType, string Id) member) => _members.Add(Pack(member));

    public bool Remove((string IdType, string Id) member) => _members.Remove(Pack(member));

    public bool Contains((string IdType, string Id) member) => _members.Contains(Pack(member));

    public IEnumerator<(string IdType, string Id)> GetEnumerator()
    {
        foreach (var member in _members)
        {
            var text = member.ToString();
            var split = text.IndexOf('\0', StringComparison.Ordinal);
            yield return (text[..split], text[(split + 1)..]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static PackedKey Pack((string IdType, string Id) member) => PackedKey.Of(member.IdType + "\0" + member.Id);
}
