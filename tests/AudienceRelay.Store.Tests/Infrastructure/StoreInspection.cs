using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Sqlite;
using AudienceRelay.Store.Status;

namespace AudienceRelay.Store.Tests.Infrastructure;

/// <summary>
/// Reads that only tests use (no production interface has them): each engine's concrete store answers them.
/// </summary>
internal static class StoreInspection
{
    public static Task<DateTimeOffset?> NextDueAsync(this IAudienceStore store, CancellationToken cancellationToken) => store switch
    {
        SqliteAudienceStore sqlite => sqlite.NextDueAsync(cancellationToken),
        PostgresAudienceStore postgres => postgres.NextDueAsync(cancellationToken),
        _ => throw new ArgumentException($"No engine store: {store.GetType().Name}", nameof(store)),
    };

    public static Task<IReadOnlyList<QueueCount>> CountByStateAsync(this IAudienceStore store, CancellationToken cancellationToken) => store switch
    {
        SqliteAudienceStore sqlite => sqlite.CountByStateAsync(cancellationToken),
        PostgresAudienceStore postgres => postgres.CountByStateAsync(cancellationToken),
        _ => throw new ArgumentException($"No engine store: {store.GetType().Name}", nameof(store)),
    };
}
