using AudienceRelay.Store.Queue;

namespace AudienceRelay.Store;

/// <summary>Accepting batches (the upload endpoint).</summary>
public interface IBatchStore
{
    /// <summary>Stores the batch, its session and one delivery per instance in one transaction.</summary>
    Task<AcceptOutcome> AcceptBatchAsync(NewBatch batch, CancellationToken cancellationToken);
}
