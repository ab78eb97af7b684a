using System.Threading.RateLimiting;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Store.Postgres;

namespace AudienceRelay.Server.Scaling;

/// <summary>
/// The rate limiter of one provider instance: a token bucket in this process on SQLite (one node), or
/// the bucket in the shared store on PostgreSQL, so N nodes together stay within the platform's rate
/// instead of N times it. Both allow a burst of one second's worth of requests.
/// </summary>
internal static class InstanceRateLimiter
{
    private const int QueueLimit = 10_000;

    public static RateLimiter Create(ProviderSettings setting, IServiceProvider services, string engine)
    {
        var rate = setting.Limits.RequestsPerSecond;
        var burst = Math.Max(1, (int)Math.Ceiling(rate));
        if (engine == PostgresNodeSetup.Engine)
        {
            return new PostgresRateLimiter(services.GetRequiredService<PostgresAudienceStore>(), setting.Instance, rate, burst, services.GetRequiredService<TimeProvider>(), QueueLimit);
        }

        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / rate),
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
