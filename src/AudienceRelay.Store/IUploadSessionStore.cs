namespace AudienceRelay.Store;

/// <summary>What a delivery needs to know about its upload session: the other deliveries of the session, provider-side counters, and the membership ledger of primary audiences.</summary>
public interface IUploadSessionStore
{
    /// <summary>
    /// Reserves <paramref name="count"/> consecutive numbers of a provider-side session counter
    /// (Meta's batch_seq) for <paramref name="sessionId"/> at <paramref name="instance"/>; returns the first.
    /// </summary>
    Task<long> ReserveSessionSequenceAsync(long sessionId, string instance, int count, CancellationToken cancellationToken);

    /// <summary>How many deliveries of this session at this instance have not ended, besides <paramref name="exceptDeliveryId"/>.</summary>
    Task<int> CountOpenSessionDeliveriesAsync(long sessionId, string instance, long exceptDeliveryId, CancellationToken cancellationToken);

    /// <summary>True when a delivery of this session at this instance, other than <paramref name="exceptDeliveryId"/>, ended failed or dead.</summary>
    Task<bool> AnySessionDeliveryEndedUnsuccessfullyAsync(long sessionId, string instance, long exceptDeliveryId, CancellationToken cancellationToken);

    /// <summary>The batches of a session that have arrived, as (batch id, sequence), in sequence order.</summary>
    Task<IReadOnlyList<(long BatchId, long Sequence)>> ListSessionBatchesAsync(long sessionId, CancellationToken cancellationToken);

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
    /// The commit of a session that read who left (<see cref="ListPrimaryMembersLeftAsync"/>) and removed
    /// <paramref name="removed"/> at the platform: of the replaced sessions' keys only those removed and those this
    /// session holds go. A key an older, superseded session recorded after the read stays, for the next session to remove.
    /// </summary>
    Task CommitPrimarySessionAsync(string instance, string audienceName, long sessionId, IReadOnlyCollection<(string IdType, string Hash)> removed, CancellationToken cancellationToken);

    /// <summary>
    /// True when a primary session of the audience that arrived after <paramref name="sessionId"/> has a delivery at the
    /// instance: <paramref name="sessionId"/> is superseded there and must not remove members (docs/delivery.md).
    /// </summary>
    Task<bool> IsPrimarySessionSupersededAsync(string instance, string audienceName, long sessionId, CancellationToken cancellationToken);
}
