namespace AudienceRelay.Providers.Tests.Facebook;

/// <summary>
/// What the store knows about one upload session at one instance, in memory: how many batches arrived, which
/// deliveries are still open (pending or leased), and the provider-side counter. Deliveries get their
/// <see cref="FakeDeliverySession"/> from here; a test ends a delivery the way the store would record its outcome.
/// </summary>
internal sealed class FakeSessionLedger(int totalBatches)
{
    private readonly Lock _gate = new();
    private readonly HashSet<int> _open = [];
    private readonly HashSet<int> _failed = [];
    private long _next = 1;
    private int _nextKey = 1;

    public int TotalBatches { get; } = totalBatches;

    public int BatchesArrived { get; set; }

    /// <summary>The session's stored batches in sequence order, as the store reads them back for a replace.</summary>
    public List<AudienceRelay.Providers.Delivery.SessionBatch> Batches { get; } = [];

    public bool AllBatchesArrived => BatchesArrived >= TotalBatches;

    /// <summary>A newer primary session of the audience has begun at the instance (the store's ledger rule).</summary>
    public bool Superseded { get; set; }

    /// <summary>How many times a range was reserved (a retry must not reserve again).</summary>
    public int Reservations { get; private set; }

    /// <summary>Registers an open delivery (its batch arrived) and returns its session view.</summary>
    public FakeDeliverySession Open()
    {
        lock (_gate)
        {
            var key = _nextKey++;
            _open.Add(key);
            return new FakeDeliverySession(this, key);
        }
    }

    /// <summary>The delivery ended (succeeded or failed): it no longer counts as open.</summary>
    public void End(FakeDeliverySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            _open.Remove(session.Key);
        }
    }

    /// <summary>The delivery ended failed (or dead): it no longer counts as open, and its siblings are told.</summary>
    public void Fail(FakeDeliverySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            _open.Remove(session.Key);
            _failed.Add(session.Key);
        }
    }

    public bool AnyOtherFailed(int key)
    {
        lock (_gate)
        {
            return _failed.Any(k => k != key);
        }
    }

    public bool IsOnlyOpen(int key)
    {
        lock (_gate)
        {
            return _open.All(k => k == key);
        }
    }

    public long Reserve(int count)
    {
        lock (_gate)
        {
            Reservations++;
            var first = _next;
            _next += count;
            return first;
        }
    }
}
