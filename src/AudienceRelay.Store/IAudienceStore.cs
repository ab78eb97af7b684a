using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;

namespace AudienceRelay.Store;

/// <summary>
/// The durable queue and state behind the service. One implementation per engine (SQLite for one
/// node, PostgreSQL for several); both pass the same contract tests.
/// </summary>
public interface IAudienceStore
{
    /// <summary>Applies the numbered migrations that have not run yet.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>True when the store answers a trivial query (readiness).</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>Stores the batch, its session and one delivery per instance in one transaction.</summary>
    Task<AcceptOutcome> AcceptBatchAsync(NewBatch batch, CancellationToken cancellationToken);

    /// <summary>Leases due deliveries (pending and due, or leased with an expired lease).</summary>
    Task<IReadOnlyList<DeliveryLease>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken);

    /// <summary>Extends a lease; false when the lease was lost (taken over or finished).</summary>
    Task<bool> RenewLeaseAsync(long deliveryId, Guid leaseToken, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the outcome if <paramref name="leaseToken"/> still holds the delivery (fencing); purges
    /// the batch's payload once all its deliveries have ended. False when the lease was lost.
    /// </summary>
    Task<bool> CompleteAsync(long deliveryId, Guid leaseToken, DeliveryResult result, CancellationToken cancellationToken);

    /// <summary>Returns every leased delivery to pending (a single node's restart after a crash).</summary>
    Task<int> ReleaseAllLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The users of a batch as plain JSON, or null once purged.</summary>
    Task<byte[]?> ReadPayloadAsync(long batchId, CancellationToken cancellationToken);

    /// <summary>Saves provider progress under the lease (fenced like <see cref="CompleteAsync"/>).</summary>
    Task<bool> SaveProviderStateAsync(long deliveryId, Guid leaseToken, string providerState, CancellationToken cancellationToken);

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive numbers of a provider-side session counter
    /// (Meta's batch_seq) for <paramref name="sessionId"/> at <paramref name="instance"/>; returns the first.
    /// </summary>
    Task<long> ReserveSessionSequenceAsync(long sessionId, string instance, int count, CancellationToken cancellationToken);

    /// <summary>How many deliveries of this session at this instance have not ended, besides <paramref name="exceptDeliveryId"/>.</summary>
    Task<int> CountOpenSessionDeliveriesAsync(long sessionId, string instance, long exceptDeliveryId, CancellationToken cancellationToken);

    /// <summary>True when a delivery of this session at this instance, other than <paramref name="exceptDeliveryId"/>, ended failed or dead.</summary>
    Task<bool> AnySessionDeliveryEndedUnsuccessfullyAsync(long sessionId, string instance, long exceptDeliveryId, CancellationToken cancellationToken);

    /// <summary>
    /// Membership ledger of primary audiences (platforms without a replace): records that <paramref name="keys"/>
    /// (identifier type, SHA-256 hex; never raw values) belong to primary session <paramref name="sessionId"/> of
    /// the audience at the instance. Idempotent.
    /// </summary>
    Task RecordPrimaryMembersAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> keys, CancellationToken cancellationToken);

    /// <summary>
    /// The keys of the audience's committed baseline session that <paramref name="sessionId"/> did not record; empty
    /// when there is no baseline, or the baseline is <paramref name="sessionId"/> itself (already committed).
    /// </summary>
    Task<IReadOnlyList<(string IdType, string Hash)>> ListPrimaryMembersLeftAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="keys"/> primary session <paramref name="sessionId"/> recorded for the audience.</summary>
    Task<IReadOnlyList<(string IdType, string Hash)>> FindPrimaryMembersAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="sessionId"/> the audience's baseline and deletes the previous baseline's keys, in one
    /// transaction. Idempotent: committing the baseline again changes nothing.
    /// </summary>
    Task CommitPrimarySessionAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// True when a primary session of the audience that arrived after <paramref name="sessionId"/> has a delivery at the
    /// instance: <paramref name="sessionId"/> is superseded there and must not remove members (docs/delivery.md).
    /// </summary>
    Task<bool> IsPrimarySessionSupersededAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken);

    /// <summary>The remembered platform audience id for an instance and final name.</summary>
    Task<string?> FindAudienceAsync(string instance, string audienceName, CancellationToken cancellationToken);

    /// <summary>Remembers a platform audience id (first writer wins; returns the id that is remembered).</summary>
    Task<string> SaveAudienceAsync(string instance, string audienceName, string audienceId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the remembered id when it is still <paramref name="audienceId"/> (the platform said that audience is
    /// gone); a newer id remembered meanwhile by another worker is kept.
    /// </summary>
    Task ForgetAudienceAsync(string instance, string audienceName, string audienceId, CancellationToken cancellationToken);

    /// <summary>The batches of a session that have arrived, as (batch id, sequence), in sequence order.</summary>
    Task<IReadOnlyList<(long BatchId, long Sequence)>> ListSessionBatchesAsync(long sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Serializes audience creation for one instance and name: across tasks on SQLite, across nodes on
    /// PostgreSQL. Dispose to release.
    /// </summary>
    Task<IAsyncDisposable> LockAudienceAsync(string instance, string audienceName, CancellationToken cancellationToken);

    Task<SessionStatus?> GetSessionAsync(long sessionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryStatus>> GetBatchDeliveriesAsync(long batchId, CancellationToken cancellationToken);

    /// <summary>The earliest time a pending delivery becomes due (so the dispatcher can sleep until then), or null.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    /// <summary>Queue depth by instance and state, for metrics and operators.</summary>
    Task<IReadOnlyList<QueueCount>> CountByStateAsync(CancellationToken cancellationToken);
}
