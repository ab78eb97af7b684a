namespace AudienceRelay.Server.Delivery;

/// <summary>
/// Exponential backoff with jitter: base × 2^(attempt−1), capped, then scaled by a random factor in
/// [0.5, 1.0] so that deliveries failing together do not come back together. A platform's own wait
/// hint (Retry-After, Meta's usage headers) is honored when longer.
/// </summary>
internal sealed class Backoff(TimeSpan baseDelay, TimeSpan maxDelay, Random random)
{
    public TimeSpan Delay(int attempt, TimeSpan? platformHint)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var raw = baseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(raw, maxDelay.TotalMilliseconds);
        var jittered = TimeSpan.FromMilliseconds(capped * (0.5 + (random.NextDouble() / 2)));
        return platformHint is { } hint && hint > jittered ? hint : jittered;
    }
}
