using AudienceRelay.Client;

namespace AudienceRelay.Cli.Uploads;

/// <summary>
/// Retries a request on network errors, timeouts, 408, 429 and 5xx with exponential backoff and jitter, waiting
/// exactly as long as a <c>Retry-After</c> header asks (up to <see cref="RetrySettings.MaxRetryAfter"/>).
/// Re-sending a batch is safe: the server answers a batch it already has with <c>duplicate: true</c>.
/// </summary>
internal sealed class RetryPolicy(TimeProvider time, RetrySettings settings)
{
    public int MaxAttempts => settings.MaxAttempts;

    public async Task<T> ExecuteAsync<T>(
        Func<CancellationToken, Task<T>> action,
        Action<int, TimeSpan, string>? onRetry,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken);
            }
            catch (Exception exception) when (attempt < settings.MaxAttempts && Transient(exception, cancellationToken) is { } reason)
            {
                var delay = DelayFor(attempt, (exception as AudienceRelayException)?.RetryAfter);
                onRetry?.Invoke(attempt, delay, reason);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1.</summary>
    public TimeSpan DelayFor(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > settings.MaxRetryAfter ? settings.MaxRetryAfter : asked;
        }

        var step = settings.BaseDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        if (step > settings.MaxDelay)
        {
            step = settings.MaxDelay;
        }

        // Half fixed, half random: parallel senders that hit the same outage do not come back in lockstep.
        return (step / 2) + (step / 2 * Random.Shared.NextDouble());
    }

    /// <summary>Why the failure is worth another attempt, or <see langword="null"/> when it is not.</summary>
    public static string? Transient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        AudienceRelayException { IsTransient: true } failure => $"the server answered {(int)failure.StatusCode}",
        HttpRequestException failure => $"network error ({failure.HttpRequestError})",
        IOException => "network error",
        OperationCanceledException when !cancellationToken.IsCancellationRequested => "the request timed out",
        _ => null,
    };
}
