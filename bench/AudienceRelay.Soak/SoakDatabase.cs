using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace AudienceRelay.Soak;

/// <summary>What the soak reads from the service's own PostgreSQL: open deliveries, states, attempts, and which batches reached which instance.</summary>
internal sealed class SoakDatabase(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(connectionString);

    public Task<long> OpenDeliveriesAsync(CancellationToken cancellationToken) =>
        ScalarAsync("SELECT count(*) FROM deliveries WHERE state IN ('pending', 'leased')", cancellationToken);

    /// <summary>The open deliveries of the instance that has most: the slowest platform sets the pace.</summary>
    public Task<long> MostOpenAtOneInstanceAsync(CancellationToken cancellationToken) =>
        ScalarAsync("SELECT COALESCE(max(n), 0) FROM (SELECT count(*) AS n FROM deliveries WHERE state IN ('pending', 'leased') GROUP BY instance) o", cancellationToken);

    /// <summary>Waits until no delivery is open, up to <paramref name="limit"/>; false when some still are.</summary>
    public async Task<bool> DrainAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await OpenDeliveriesAsync(cancellationToken) == 0)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return false;
    }

    public async Task<DeliveryFacts> ReadFactsAsync(CancellationToken cancellationToken)
    {
        var states = new Dictionary<(string Instance, string State), long>();
        var attempts = new Dictionary<string, long>(StringComparer.Ordinal);
        var succeeded = new HashSet<(string, long, long)>();
        var open = new HashSet<(string, string)>();
        var sessionsDone = new Dictionary<(string, long), bool>();
        await using (var command = _db.CreateCommand("""
            SELECT d.instance, d.state, d.attempts, d.session_id, b.sequence, s.audience_name
            FROM deliveries d JOIN batches b ON b.batch_id = d.batch_id JOIN sessions s ON s.session_id = d.session_id
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (instance, state, tries, session, sequence, audience) =
                    (reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5));
                states[(instance, state)] = states.GetValueOrDefault((instance, state)) + 1;
                attempts[instance] = attempts.GetValueOrDefault(instance) + Math.Max(0, tries - 1);
                sessionsDone[(instance, session)] = sessionsDone.GetValueOrDefault((instance, session), true) && state == "succeeded";
                if (state == "succeeded")
                {
                    succeeded.Add((instance, session, sequence));
                }
                else if (state is "pending" or "leased")
                {
                    open.Add((instance, audience));
                }
            }
        }

        return new DeliveryFacts(states, attempts, succeeded, open, sessionsDone);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The deliveries at the end: counts by instance and state, attempts beyond the first by instance, the batches
/// (session, sequence) that reached each instance, the audiences with a delivery still open at an instance, and
/// whether every delivery of a session at an instance succeeded.
/// </summary>
internal sealed record DeliveryFacts(
    IReadOnlyDictionary<(string Instance, string State), long> States,
    IReadOnlyDictionary<string, long> ExtraAttempts,
    IReadOnlySet<(string Instance, long Session, long Sequence)> Succeeded,
    IReadOnlySet<(string Instance, string AudienceName)> Open,
    IReadOnlyDictionary<(string Instance, long Session), bool> SessionSucceeded)
{
    public long Count(string state) => States.Where(p => p.Key.State == state).Sum(p => p.Value);

    public long Count(string instance, string state) => States.GetValueOrDefault((instance, state));
}
