using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Http;

/// <summary>
/// One instance's OAuth access token, got from its refresh token: kept until shortly before it expires, refreshed
/// once when the platform refuses it (401), and refreshed by one caller at a time (the others wait and reuse it).
/// The token never leaves this class and the HTTP request that carries it; it is never logged.
/// </summary>
internal sealed class OAuthTokenCache(Func<CancellationToken, Task<OAuthTokenResult>> refresh, TimeProvider time)
{
    // Refresh this long before the platform's expiry, so a token never expires between our check and its use.
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _refreshAt;

    /// <summary>Refreshes so far (for the delivery's platform counts and the tests).</summary>
    public int Refreshes { get; private set; }

    /// <summary>
    /// A usable token, or the outcome of a failed refresh. <paramref name="rejected"/> is a token the platform just
    /// answered 401 to: it is not handed out again (unless another caller already replaced it).
    /// </summary>
    public async Task<OAuthTokenResult> GetAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (Current(rejected) is { } cached)
        {
            return OAuthTokenResult.Of(cached, TimeSpan.Zero);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Current(rejected) is { } fresh)
            {
                return OAuthTokenResult.Of(fresh, TimeSpan.Zero);
            }

            var result = await refresh(cancellationToken);
            if (result.AccessToken is { } token)
            {
                _token = token;
                var early = result.Lifetime > Margin + Margin ? Margin : result.Lifetime / 2;
                _refreshAt = time.GetUtcNow() + result.Lifetime - early;
                Refreshes++;
            }
            else if (rejected is not null && _token == rejected)
            {
                _token = null;
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Current(string? rejected) =>
        _token is { } token && token != rejected && time.GetUtcNow() < _refreshAt ? token : null;
}

/// <summary>A refreshed access token and how long the platform said it lives, or why there is none.</summary>
internal sealed record OAuthTokenResult
{
    public string? AccessToken { get; private init; }
    public TimeSpan Lifetime { get; private init; }
    public DeliveryOutcome? Problem { get; private init; }

    public static OAuthTokenResult Of(string accessToken, TimeSpan lifetime) => new() { AccessToken = accessToken, Lifetime = lifetime };

    public static OAuthTokenResult Failed(DeliveryOutcome problem) => new() { Problem = problem };
}
