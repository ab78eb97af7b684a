namespace AudienceRelay.Store.Operations;

/// <summary>What the operations queries do differently per engine: row locks, and the byte length function.</summary>
internal sealed record OperationsDialect(string LockRows, string ByteLength)
{
    /// <summary>One node; every write transaction is IMMEDIATE, so it already holds the database's write lock.</summary>
    public static OperationsDialect Sqlite { get; } = new(string.Empty, "length");

    public static OperationsDialect Postgres { get; } = new("FOR NO KEY UPDATE", "octet_length");
}
