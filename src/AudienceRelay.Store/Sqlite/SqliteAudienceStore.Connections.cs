using Microsoft.Data.Sqlite;

namespace AudienceRelay.Store.Sqlite;

public sealed partial class SqliteAudienceStore
{
    private const string DurableSettings = "PRAGMA busy_timeout=30000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";

    // In WAL mode a NORMAL commit is atomic and survives a crash of the process; only a power cut may undo it,
    // until the next FULL commit (which syncs the whole WAL file, earlier frames included) or checkpoint.
    // https://www.sqlite.org/pragma.html#pragma_synchronous
    private const string LeaseSettings = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    private static string Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 };
        var path = builder.DataSource;
        if (!string.IsNullOrEmpty(path) && path != ":memory:" && !path.StartsWith("file:", StringComparison.Ordinal))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        return builder.ToString();
    }

    /// <summary>Called with every connection the store opens, once its settings are applied (tests read them).</summary>
    internal Action<SqliteConnection>? ConnectionOpened { get; set; }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(durable: true, cancellationToken);

    /// <summary>
    /// Opens a pooled connection and sets its settings every time, so a connection a lease write used never
    /// carries <c>synchronous=NORMAL</c> into an accept, a completion or the ledger.
    /// </summary>
    /// <param name="durable">
    /// True for every write that must survive a power cut once answered: <c>synchronous=FULL</c> syncs the WAL at
    /// each commit. False for lease writes only (claim, renew): see docs/delivery.md, "Lease writes".
    /// </param>
    private async Task<SqliteConnection> OpenAsync(bool durable, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // busy_timeout makes a writer wait for the lock instead of failing at once.
        await ExecuteAsync(connection, null, durable ? DurableSettings : LeaseSettings, cancellationToken);
        ConnectionOpened?.Invoke(connection);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
