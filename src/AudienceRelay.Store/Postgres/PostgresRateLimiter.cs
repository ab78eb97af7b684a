using System.Threading.RateLimiting;

namespace AudienceRelay.Store.Postgres;

/// <summary>
/// A token bucket for one provider instance that every node shares, kept in the store (see
/// <see cref="PostgresAudienceStore.TryTakeTokensAsync"/>): N nodes together stay within the platform's
/// rate instead of N times it. Each permit costs one round trip to the database. A waiter sleeps for as
/// long as the bucket says, then tries again; nodes are not queued fairly against each other.
/// </summary>
public sealed class PostgresRateLimiter : RateLimiter
{
    private readonly PostgresAudienceStore _store;
    private readonly string _instance;
    private readonly double _ratePerSecond;
    private readonly int _burst;
    private readonly int _queueLimit;
    private readonly TimeProvider _time;
    private long _waiting;
    private long _succeeded;
    private long _failed;

    /// <param name="queueLimit">How many acquisitions may wait at once on this node; more fail at once.</param>
    public PostgresRateLimiter(PostgresAudienceStore store, string instance, double ratePerSecond, int burst, TimeProvider timeProvider, int queueLimit = 10_000)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(instance);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!double.IsFinite(ratePerSecond) || ratePerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), "The rate must be a positive number of requests per second.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        _store = store;
        _instance = instance;
        _ratePerSecond = ratePerSecond;
        _burst = burst;
        _queueLimit = queueLimit;
        _time = timeProvider;
    }

    /// <summary>Never idle: the bucket lives in the database, not here.</summary>
    public override TimeSpan? IdleDuration => null;

    /// <summary>Counts of this node only; the permits available are known to the database alone (reported as 0).</summary>
    public override RateLimiterStatistics GetStatistics() => new()
    {
        CurrentAvailablePermits = 0,
        CurrentQueuedCount = Interlocked.Read(ref _waiting),
        TotalSuccessfulLeases = Interlocked.Read(ref _succeeded),
        TotalFailedLeases = Interlocked.Read(ref _failed),
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermits(permitCount);
        return Lease(_store.TryTakeTokens(_instance, _ratePerSecond, _burst, permitCount));
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermits(permitCount);
        if (Interlocked.Increment(ref _waiting) > _queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            Interlocked.Increment(ref _failed);
            return new BucketLease(false, null);
        }

        try
        {
            while (true)
            {
                var wait = await _store.TryTakeTokensAsync(_instance, _ratePerSecond, _burst, permitCount, cancellationToken);
                if (wait is null)
                {
                    return Lease(null);
                }

                await Task.Delay(wait.Value, _time, cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private void CheckPermits(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        if (permitCount > _burst)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), $"{permitCount} permits exceed the bucket's size of {_burst}.");
        }
    }

    private BucketLease Lease(TimeSpan? wait)
    {
        Interlocked.Increment(ref wait is null ? ref _succeeded : ref _failed);
        return new BucketLease(wait is null, wait);
    }

    private sealed class BucketLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is not null && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter.Value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
