namespace AudienceRelay.Providers.Delivery;

/// <summary>
/// The upload session around a delivery, for platforms with a session concept (Meta's
/// <c>session</c> object): whether every batch has arrived, whether this is the last open delivery
/// of the session at this instance, a provider-side counter (Meta's batch_seq), and saved progress.
/// </summary>
public interface IDeliverySession
{
    /// <summary>Every batch of the session (totalBatches distinct sequences) has arrived.</summary>
    bool AllBatchesArrived { get; }

    /// <summary>Progress this delivery saved on an earlier attempt (opaque to the engine), or null.</summary>
    string? SavedState { get; }

    /// <summary>True when no other delivery of this session at this instance is still pending or leased.</summary>
    Task<bool> IsLastOpenDeliveryAsync(CancellationToken cancellationToken);

    /// <summary>Reserves <paramref name="count"/> consecutive numbers of the session's counter at this instance; returns the first (from 1).</summary>
    Task<long> ReserveSequenceAsync(int count, CancellationToken cancellationToken);

    /// <summary>Saves progress under the delivery's lease, so a retry resumes where this attempt stopped.</summary>
    Task SaveStateAsync(string state, CancellationToken cancellationToken);
}
