using System.ComponentModel.DataAnnotations;

namespace AudienceRelay.Server;

/// <summary>Section <c>Store</c>: which engine holds the queue, the keys that seal payloads at rest, and retention.</summary>
public sealed class StoreOptions
{
    /// <summary><c>sqlite</c> (one node, the default) or <c>postgres</c> (several nodes).</summary>
    public string Engine { get; set; } = "sqlite";

    /// <summary>Base64 of a 32-byte AES key. When unset, <see cref="PayloadKeyFile"/> is used (and created for a new store).</summary>
    public string? PayloadKey { get; set; }

    /// <summary>
    /// Where the key lives when <see cref="PayloadKey"/> is unset (mode 0600). Unset: <c>payload.key</c> in the
    /// folder of the SQLite database file, so the key travels with the database whatever the working folder.
    /// </summary>
    public string? PayloadKeyFile { get; set; }

    /// <summary>Older keys (base64) that still open payloads sealed before a rotation; new payloads use <see cref="PayloadKey"/>.</summary>
    public List<string> PreviousPayloadKeys { get; } = [];

    /// <summary>How long ended sessions (their batches, deliveries and superseded ledger rows) are kept before deletion.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often one node sweeps expired deliveries and deletes what retention lets go.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
