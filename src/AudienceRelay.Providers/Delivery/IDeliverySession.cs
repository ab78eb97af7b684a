namespace AudienceRelay.Providers.Delivery;

/// <summary>
/// The upload session around a delivery, for platforms with a session concept (Meta's
/// <c>session</c> object): whether every batch has arrived, whether this is the last open delivery
/// of the session at this instance, a provider-side counter (Meta's batch_seq), and saved progress.
/// For <c>type=primary</c> on platforms without a replace, it also gives the membership ledger: the
/// members of the audience's previous complete primary session, so the members who left can be removed.
/// </summary>
public interface IDeliverySession
{
    /// <summary>Every batch of the session (totalBatches distinct sequences) has arrived.</summary>
    bool AllBatchesArrived { get; }

    /// <summary>Progress this delivery saved on an earlier attempt (opaque to the engine), or null.</summary>
    string? SavedState { get; }

    /// <summary>True when no other delivery of this session at this instance is still pending or leased.</summary>
    Task<bool> IsLastOpenDeliveryAsync(CancellationToken cancellationToken);

    /// <summary>True when another delivery of this session at this instance ended failed or dead (its batch did not reach the platform).</summary>
    Task<bool> AnyOtherDeliveryEndedUnsuccessfullyAsync(CancellationToken cancellationToken);

    /// <summary>Reserves <paramref name="count"/> consecutive numbers of the session's counter at this instance; returns the first (from 1).</summary>
    Task<long> ReserveSequenceAsync(int count, CancellationToken cancellationToken);

    /// <summary>Saves progress under the delivery's lease, so a retry resumes where this attempt stopped.</summary>
    Task SaveStateAsync(string state, CancellationToken cancellationToken);

    /// <summary>
    /// Records that this delivery's members belong to its (primary) session, for the audience at this instance.
    /// Idempotent: recording a key again changes nothing.
    /// </summary>
    Task RecordMembersAsync(IReadOnlyCollection<MemberKey> members, CancellationToken cancellationToken);

    /// <summary>
    /// The keys of the audience's previous complete primary session at this instance that this session did not
    /// record. Empty when there is no previous complete session (members the service did not add are left alone).
    /// Asked by the last open delivery of a complete session; the same until <see cref="CommitPrimarySessionAsync"/>.
    /// </summary>
    Task<IReadOnlyCollection<MemberKey>> LeftSincePreviousSessionAsync(CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="members"/> this session recorded (to keep a platform profile that is still on the list under another identifier).</summary>
    Task<IReadOnlySet<MemberKey>> RecordedInThisSessionAsync(IReadOnlyCollection<MemberKey> members, CancellationToken cancellationToken);

    /// <summary>
    /// Makes this session the audience's baseline (the previous complete primary session of the next one) and
    /// forgets the old baseline's keys. Idempotent; call it only after the left members were removed.
    /// </summary>
    Task CommitPrimarySessionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// True when a newer primary session of the audience has begun at this instance: this one is superseded and must
    /// not remove members (docs/delivery.md, "Overlapping primary sessions"), so a platform-side replace is not sent.
    /// </summary>
    Task<bool> IsSupersededAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every batch of this session that has arrived, in sequence order, read one at a time, for platforms whose
    /// replace is one platform-side operation over the whole list (Google's job that begins with <c>removeAll</c>,
    /// a Meta replace restarted from its first batch). The payloads of a <c>type=primary</c> session are kept
    /// until no delivery of the session is open at any instance, so the last delivery can always read them all.
    /// A batch whose payload is gone is skipped (its users were already purged: the caller checks the count).
    /// </summary>
    IAsyncEnumerable<SessionBatch> ReadSessionBatchesAsync(CancellationToken cancellationToken);
}
