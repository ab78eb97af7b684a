namespace AudienceRelay.Store.Security;

/// <summary>The key check's statements (docs/operations.md, "Payload key"), written once for both engines.</summary>
internal static class PayloadKeySql
{
    public const string Read = "SELECT key_id, key_check FROM payload_key_check";

    /// <summary>The newest sealed payload, to tell the key of a store from before the key check existed.</summary>
    public const string Sample = "SELECT batch_id, payload FROM batches WHERE payload IS NOT NULL ORDER BY batch_id DESC LIMIT 1";

    public static string Record(SqlDialect dialect) => $"""
        INSERT INTO payload_key_check (singleton, key_id, key_check, recorded_at) VALUES (1, @id, @check, {dialect.NowMilliseconds})
        ON CONFLICT (singleton) DO UPDATE SET key_id = excluded.key_id, key_check = excluded.key_check, recorded_at = excluded.recorded_at
        """;
}
