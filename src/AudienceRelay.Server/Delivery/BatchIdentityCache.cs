using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Store;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// A batch's users, their match keys and its hash cache, computed once per batch on this node and
/// shared by every instance that delivers it, so a value hashed for Meta is not hashed again for
/// TikTok. Only the few most recent batches are kept; evicted ones are rebuilt from the store.
/// </summary>
internal sealed class BatchIdentityCache(IAudienceStore store)
{
    private const int Capacity = 8;
    private readonly Lock _gate = new();
    private readonly LinkedList<(long BatchId, Lazy<Task<BatchIdentities?>> Entry)> _recent = new();

    public Task<BatchIdentities?> GetAsync(long batchId, CancellationToken cancellationToken)
    {
        Lazy<Task<BatchIdentities?>> entry;
        lock (_gate)
        {
            var node = _recent.First;
            while (node is not null && node.Value.BatchId != batchId)
            {
                node = node.Next;
            }

            if (node is not null)
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                entry = node.Value.Entry;
            }
            else
            {
                entry = new Lazy<Task<BatchIdentities?>>(() => LoadAsync(batchId));
                _recent.AddFirst((batchId, entry));
                if (_recent.Count > Capacity)
                {
                    _recent.RemoveLast();
                }
            }
        }

        return entry.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets a batch (its payload was purged, or loading failed).</summary>
    public void Forget(long batchId)
    {
        lock (_gate)
        {
            var node = _recent.First;
            while (node is not null && node.Value.BatchId != batchId)
            {
                node = node.Next;
            }

            if (node is not null)
            {
                _recent.Remove(node);
            }
        }
    }

    private async Task<BatchIdentities?> LoadAsync(long batchId)
    {
        try
        {
            var payload = await store.ReadPayloadAsync(batchId, CancellationToken.None);
            if (payload is null)
            {
                Forget(batchId);
                return null;
            }

            var users = JsonSerializer.Deserialize(payload, DeliveryJsonContext.Default.ListAudienceUser) ?? [];
            var keys = users.Select(IdentityNormalizer.Normalize).ToList();
            return new BatchIdentities(users, keys, new HashCache());
        }
        catch
        {
            Forget(batchId);
            throw;
        }
    }
}

/// <summary>A batch's users, match keys and shared hash cache.</summary>
internal sealed record BatchIdentities(IReadOnlyList<AudienceUser> Users, IReadOnlyList<MatchKeys> Keys, HashCache Hashes);
