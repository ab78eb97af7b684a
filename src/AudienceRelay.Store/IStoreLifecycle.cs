namespace AudienceRelay.Store;

/// <summary>The store as a whole: its schema at start, and whether it answers (readiness).</summary>
public interface IStoreLifecycle
{
    /// <summary>Applies the numbered migrations that have not run yet.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>True when the store answers a trivial query (readiness).</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
