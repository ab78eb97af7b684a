using System.Runtime.CompilerServices;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Delivery;

/// <summary>The session facts a provider may need, read from and written to the store under the delivery's lease.</summary>
internal sealed class StoreDeliverySession(IDeliveryQueue queue, IUploadSessionStore store, BatchIdentityCache identities, DeliveryLease lease) : IDeliverySession
{
    private IReadOnlyCollection<(string IdType, string Hash)>? _left;

    public bool AllBatchesArrived => lease.BatchesReceived >= lease.Batch.TotalBatches;

    public string? SavedState => lease.ProviderState;

    public async Task<bool> IsLastOpenDeliveryAsync(CancellationToken cancellationToken) =>
        AllBatchesArrived && await store.CountOpenSessionDeliveriesAsync(lease.Batch.SessionId, lease.Instance, lease.DeliveryId, cancellationToken) == 0;

    public Task<bool> AnyOtherDeliveryEndedUnsuccessfullyAsync(CancellationToken cancellationToken) =>
        store.AnySessionDeliveryEndedUnsuccessfullyAsync(lease.Batch.SessionId, lease.Instance, lease.DeliveryId, cancellationToken);

    public Task<long> ReserveSequenceAsync(int count, CancellationToken cancellationToken) =>
        store.ReserveSessionSequenceAsync(lease.Batch.SessionId, lease.Instance, count, cancellationToken);

    public async Task SaveStateAsync(string state, CancellationToken cancellationToken)
    {
        if (!await queue.SaveProviderStateAsync(lease.DeliveryId, lease.LeaseToken, state, cancellationToken))
        {
            throw new OperationCanceledException("The delivery's lease was lost while it saved progress.");
        }
    }

    public Task RecordMembersAsync(IReadOnlyCollection<MemberKey> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        return store.RecordPrimaryMembersAsync(lease.Instance, lease.AudienceName, lease.Batch.SessionId, Pairs(members), cancellationToken);
    }

    public async Task<IReadOnlyCollection<MemberKey>> LeftSincePreviousSessionAsync(CancellationToken cancellationToken)
    {
        var left = await store.ListPrimaryMembersLeftAsync(lease.Instance, lease.AudienceName, lease.Batch.SessionId, cancellationToken);
        _left = left;
        return [.. left.Select(k => new MemberKey(k.IdType, k.Hash))];
    }

    public async Task<IReadOnlySet<MemberKey>> RecordedInThisSessionAsync(IReadOnlyCollection<MemberKey> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        var found = await store.FindPrimaryMembersAsync(lease.Instance, lease.AudienceName, lease.Batch.SessionId, Pairs(members), cancellationToken);
        return found.Select(k => new MemberKey(k.IdType, k.Hash)).ToHashSet();
    }

    // The commit removes from the ledger what this attempt's read of who left returned (the provider removed those at
    // the platform), not what is left by the time of the commit: a superseded session may have recorded a key since.
    public Task CommitPrimarySessionAsync(CancellationToken cancellationToken) => _left is { } removed
        ? store.CommitPrimarySessionAsync(lease.Instance, lease.AudienceName, lease.Batch.SessionId, removed, cancellationToken)
        : store.CommitPrimarySessionAsync(lease.Instance, lease.AudienceName, lease.Batch.SessionId, cancellationToken);

    public Task<bool> IsSupersededAsync(CancellationToken cancellationToken) =>
        store.IsPrimarySessionSupersededAsync(lease.Instance, lease.AudienceName, lease.Batch.SessionId, cancellationToken);

    public async IAsyncEnumerable<SessionBatch> ReadSessionBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (batchId, sequence) in await store.ListSessionBatchesAsync(lease.Batch.SessionId, cancellationToken))
        {
            // One batch at a time through the node's identity cache: a session of many large batches is
            // never held whole, and the batch this delivery holds is not normalized twice.
            // Held until the caller asks for the next batch: one batch of the session in memory at a time.
            using var hold = await identities.HoldAsync(batchId, cancellationToken);
            if (hold is not null)
            {
                var batch = hold.Identities;
                yield return new SessionBatch(lease.Batch with { Sequence = sequence }, batch.Users, batch.Keys, batch.Hashes);
            }
        }
    }

    private static List<(string IdType, string Hash)> Pairs(IReadOnlyCollection<MemberKey> members) => [.. members.Select(k => (k.IdType, k.Hash))];
}
