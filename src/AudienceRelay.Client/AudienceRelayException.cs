using System.Net;

namespace AudienceRelay.Client;

/// <summary>
/// The server answered <c>POST /audience</c> or a status query with an error (4xx or 5xx).
/// <see cref="Errors"/> holds the server's messages (they name fields and provider instances, never
/// personal data); <see cref="Results"/> holds the per-provider outcome when a <c>sync=true</c> batch was
/// stored but a provider failed.
/// </summary>
public sealed class AudienceRelayException : Exception
{
    public AudienceRelayException(
        HttpStatusCode statusCode,
        string? title,
        IReadOnlyList<string> errors,
        IReadOnlyList<ProviderResult>? results = null,
        TimeSpan? retryAfter = null)
        : base(Describe(statusCode, title, errors))
    {
        StatusCode = statusCode;
        Title = title;
        Errors = errors;
        Results = results ?? [];
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }
    public string? Title { get; }
    public IReadOnlyList<string> Errors { get; }
    public IReadOnlyList<ProviderResult> Results { get; }

    /// <summary>How long the server asked the caller to wait (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Worth retrying the same request later: <c>408</c>, <c>429</c> or a <c>5xx</c>.</summary>
    public bool IsTransient => StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)StatusCode >= 500 && StatusCode != HttpStatusCode.NotImplemented);

    /// <summary>
    /// The batch was validated and stored, and only a provider failed (a <c>sync=true</c> answer with
    /// per-provider results): sending it again would be a duplicate, not a fix.
    /// </summary>
    public bool BatchStored => Results.Count > 0;

    private static string Describe(HttpStatusCode statusCode, string? title, IReadOnlyList<string> errors)
    {
        var head = $"The server answered {(int)statusCode} ({title ?? statusCode.ToString()})";
        return errors.Count == 0 ? head + "." : head + ": " + string.Join("; ", errors);
    }
}
