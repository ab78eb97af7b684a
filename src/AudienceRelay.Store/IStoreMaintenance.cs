namespace AudienceRelay.Store;

/// <summary>
/// What the sweeper and retention need (one node at a time): deliveries past their age marked dead with their
/// payloads purged, incomplete primary sessions past retention closed, and ended sessions past retention
/// deleted, each in small chunks so no statement holds the store for long.
/// </summary>
public interface IStoreMaintenance
{
    /// <summary>The maintenance lock: null when another node holds it (PostgreSQL advisory lock; in process on SQLite).</summary>
    Task<IAsyncDisposable?> TryLockMaintenanceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks dead, with <paramref name="reason"/>, up to <paramref name="limit"/> deliveries created before
    /// <paramref name="createdBefore"/> that are pending or whose lease ran out, and purges the payloads no open
    /// delivery needs any more. Covers deliveries of instances that no node configures. Returns how many.
    /// </summary>
    Task<int> SweepExpiredAsync(DateTimeOffset createdBefore, DateTimeOffset now, string reason, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Closes as <c>abandoned</c> up to <paramref name="limit"/> incomplete primary sessions whose last batch arrived
    /// before <paramref name="before"/>: their ledger rows go and their pending deliveries die. Returns how many.
    /// </summary>
    Task<int> AbandonPrimarySessionsAsync(DateTimeOffset before, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> ended sessions (no open delivery; last batch and last delivery end
    /// before <paramref name="before"/>) with their batches, deliveries and ledger rows; an audience's baseline
    /// session is kept. Returns how many sessions were deleted.
    /// </summary>
    Task<int> DeleteEndedSessionsAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);
}
