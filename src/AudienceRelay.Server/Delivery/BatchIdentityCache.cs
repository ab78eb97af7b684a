using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Server.Memory;
using AudienceRelay.Store;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// A batch's users, their match keys and its hash cache, computed once per batch on this node and shared by
/// every delivery that holds it at the same time, so a value hashed for Meta is not hashed again for TikTok.
/// Memory is bounded by size, not by a count of batches (one batch can be 200,000 users): a batch no delivery
/// holds is kept only while the idle ones together stay under <see cref="IdleBudgetBytes"/> (estimated), and for
/// at most <see cref="IdleTime"/>; then it is rebuilt from the store if needed again. What a batch held is reported
/// to <see cref="MemoryReturn"/>, which hands it back to the system once nothing is held, so a node is back near idle
/// once it has delivered.
/// </summary>
internal sealed class BatchIdentityCache : IDisposable
{
    /// <summary>Idle batches kept for reuse, by estimated size.</summary>
    public const long IdleBudgetBytes = 64L * 1024 * 1024;

    /// <summary>How long a batch no delivery holds is kept for the next instance's delivery of it.</summary>
    public static readonly TimeSpan IdleTime = TimeSpan.FromSeconds(15);

    // The match keys and the hashes the platforms ask for take several times the batch's JSON (UTF-16 strings,
    // object headers, dictionary entries) on top of the payload itself, which PayloadUsers keeps.
    private const int KeysPerPayloadByte = 5;

    private readonly IDeliveryQueue _store;
    private readonly TimeProvider _time;
    private readonly MemoryReturn _memory;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Entry> _entries = [];
    private readonly LinkedList<Entry> _idle = new();
    private readonly ITimer _sweep;
    private long _idleBytes;

    public BatchIdentityCache(IDeliveryQueue store, TimeProvider time, MemoryReturn memory)
    {
        _store = store;
        _time = time;
        _memory = memory;
        _sweep = time.CreateTimer(_ => Sweep(), null, IdleTime, IdleTime);
        memory.AddQuietCheck(() => Count == 0);
    }

    /// <summary>Batches in memory now (held or idle), for tests and diagnostics.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Holds the batch's identities until the returned hold is disposed; null when its payload is gone.
    /// </summary>
    public async Task<BatchHold?> HoldAsync(long batchId, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(batchId, out entry!))
            {
                entry = new Entry(batchId);
                entry.Loading = LoadAsync(entry);
                _entries[batchId] = entry;
            }
            else if (entry.IdleNode is { } node)
            {
                _idle.Remove(node);
                entry.IdleNode = null;
                _idleBytes -= entry.Bytes;
            }

            entry.Holders++;
        }

        var hold = new BatchHold(this, entry);
        try
        {
            var identities = await entry.Loading.WaitAsync(cancellationToken);
            if (identities is null)
            {
                hold.Dispose();
                return null;
            }

            hold.Identities = identities;
            return hold;
        }
        catch
        {
            hold.Dispose();
            throw;
        }
    }

    public void Dispose() => _sweep.Dispose();

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            if (--entry.Holders > 0 || !_entries.TryGetValue(entry.BatchId, out var current) || current != entry)
            {
                return;
            }

            if (!entry.Loading.IsCompletedSuccessfully || entry.Loading.Result is null || entry.Bytes > IdleBudgetBytes)
            {
                Remove(entry);
            }
            else
            {
                entry.ReleasedAt = _time.GetUtcNow();
                entry.IdleNode = _idle.AddLast(entry);
                _idleBytes += entry.Bytes;
                while (_idleBytes > IdleBudgetBytes && _idle.First is { } oldest)
                {
                    Remove(oldest.Value);
                }
            }
        }

        // Not here: the releasing delivery still references the batch on its stack. The next sweep returns the memory.
    }

    private void Sweep()
    {
        lock (_gate)
        {
            var cutoff = _time.GetUtcNow() - IdleTime;
            while (_idle.First is { } oldest && oldest.Value.ReleasedAt <= cutoff)
            {
                Remove(oldest.Value);
            }
        }
    }

    /// <summary>Caller holds the gate.</summary>
    private void Remove(Entry entry)
    {
        if (entry.IdleNode is { } node)
        {
            _idle.Remove(node);
            entry.IdleNode = null;
            _idleBytes -= entry.Bytes;
        }

        _entries.Remove(entry.BatchId);
        _memory.Released(entry.Bytes);
    }

    private async Task<BatchIdentities?> LoadAsync(Entry entry)
    {
        await Task.Yield();
        try
        {
            var payload = await _store.ReadPayloadAsync(entry.BatchId, CancellationToken.None);
            if (payload is null)
            {
                return null;
            }

            var (users, keys) = PayloadUsers.Read(payload);
            entry.Bytes = users.Bytes + ((long)payload.Length * KeysPerPayloadByte);
            return new BatchIdentities(users, keys, new HashCache());
        }
        catch
        {
            lock (_gate)
            {
                // A failed load is not kept: the next delivery reads the store again.
                if (_entries.TryGetValue(entry.BatchId, out var current) && current == entry)
                {
                    _entries.Remove(entry.BatchId);
                }
            }

            throw;
        }
    }

    /// <summary>One batch in memory: loading or loaded, with its holders; idle ones are in the LRU list.</summary>
    internal sealed class Entry(long batchId)
    {
        public long BatchId { get; } = batchId;

        public Task<BatchIdentities?> Loading { get; set; } = null!;

        public long Bytes { get; set; }

        public int Holders { get; set; }

        public DateTimeOffset ReleasedAt { get; set; }

        public LinkedListNode<Entry>? IdleNode { get; set; }
    }

    /// <summary>A delivery's hold on a batch: dispose it when the batch is no longer needed.</summary>
    internal sealed class BatchHold(BatchIdentityCache cache, Entry entry) : IDisposable
    {
        private int _released;

        public BatchIdentities Identities { get; set; } = null!;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                cache.Release(entry);
            }
        }
    }
}

/// <summary>A batch's users, match keys and shared hash cache.</summary>
internal sealed record BatchIdentities(IReadOnlyList<AudienceUser> Users, IReadOnlyList<MatchKeys> Keys, HashCache Hashes);
