namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>A list and its members (profile id → joined_group_at), in the order they joined. Guarded by the store's lock.</summary>
internal sealed class KlaviyoList(string id, string name, DateTimeOffset created)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Updated { get; set; } = created;

    public OrderedDictionary<string, DateTimeOffset> Members { get; } = new(StringComparer.Ordinal);

    public KlaviyoListView ToView() => new(Id, Name, Created, Members.Count);
}
