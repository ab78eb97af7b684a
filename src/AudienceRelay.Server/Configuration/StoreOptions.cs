namespace AudienceRelay.Server;

/// <summary>Section <c>Store</c>: which engine holds the queue, and the key that seals payloads at rest.</summary>
public sealed class StoreOptions
{
    /// <summary><c>sqlite</c> (one node, the default) or <c>postgres</c> (several nodes).</summary>
    public string Engine { get; set; } = "sqlite";

    /// <summary>Base64 of a 32-byte AES key. When unset, <see cref="PayloadKeyFile"/> is used (and created).</summary>
    public string? PayloadKey { get; set; }

    /// <summary>Where the generated key lives when <see cref="PayloadKey"/> is unset (mode 0600).</summary>
    public string PayloadKeyFile { get; set; } = "data/payload.key";
}
