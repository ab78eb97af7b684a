namespace AudienceRelay.Store;

/// <summary>Platform audience ids remembered per instance and final name, and the lock under which one is created.</summary>
public interface IAudienceIdStore
{
    /// <summary>The remembered platform audience id for an instance and final name.</summary>
    Task<string?> FindAudienceAsync(string instance, string audienceName, CancellationToken cancellationToken);

    /// <summary>Remembers a platform audience id (first writer wins; returns the id that is remembered).</summary>
    Task<string> SaveAudienceAsync(string instance, string audienceName, string audienceId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the remembered id when it is still <paramref name="audienceId"/> (the platform said that audience is
    /// gone); a newer id remembered meanwhile by another worker is kept.
    /// </summary>
    Task ForgetAudienceAsync(string instance, string audienceName, string audienceId, CancellationToken cancellationToken);

    /// <summary>
    /// Serializes audience creation for one instance and name: across tasks on SQLite, across nodes on
    /// PostgreSQL. Dispose to release.
    /// </summary>
    Task<IAsyncDisposable> LockAudienceAsync(string instance, string audienceName, CancellationToken cancellationToken);
}
