using Npgsql;

namespace AudienceRelay.Store.Postgres;

/// <summary>
/// A session-level advisory lock held on a connection of its own until disposed. Keys are text,
/// hashed to 64 bits by the server; two keys that collide only serialize more than needed.
/// https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
/// </summary>
internal sealed class PostgresAdvisoryLock : IAsyncDisposable
{
    private readonly string _key;
    private int _released;

    private PostgresAdvisoryLock(NpgsqlConnection connection, string key)
    {
        Connection = connection;
        _key = key;
    }

    /// <summary>The connection that holds the lock (the holder may work on it, as migrations do).</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>
    /// Waits for the lock. Cancelling cancels the server-side wait (Npgsql sends a cancel request), and
    /// the connection is closed, so nothing is left waiting or held.
    /// </summary>
    public static async Task<PostgresAdvisoryLock> AcquireAsync(string unpooledConnectionString, string key, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(unpooledConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var command = PostgresAudienceStore.Command(connection, "SELECT pg_advisory_lock(hashtextextended(@k, 0))", ("k", key)))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new PostgresAdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the lock if no other session holds it; null (and no connection kept) when one does.</summary>
    public static async Task<PostgresAdvisoryLock?> TryAcquireAsync(string unpooledConnectionString, string key, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(unpooledConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var command = PostgresAudienceStore.Command(connection, "SELECT pg_try_advisory_lock(hashtextextended(@k, 0))", ("k", key)))
            {
                if (await command.ExecuteScalarAsync(cancellationToken) is true)
                {
                    return new PostgresAdvisoryLock(connection, key);
                }
            }

            await connection.DisposeAsync();
            return null;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        try
        {
            // Unlock explicitly so the next waiter gets the lock now; closing the session would release
            // it too, but the server notices a closed session a little later.
            await using var command = PostgresAudienceStore.Command(Connection, "SELECT pg_advisory_unlock(hashtextextended(@k, 0))", ("k", _key));
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }
}
