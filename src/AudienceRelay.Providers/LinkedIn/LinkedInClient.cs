using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.LinkedIn;

/// <summary>
/// HTTP to LinkedIn's versioned Marketing API: the bearer token (refreshed once on a 401), the <c>LinkedIn-Version</c>
/// and Rest.li protocol headers every call needs, and the answer classified into a <see cref="DeliveryOutcome"/>.
/// Every URL is built here from <c>BaseUrl</c>; no link from an answer is ever followed, so paging stays on that host.
/// </summary>
internal sealed class LinkedInClient(LinkedInSettings settings, HttpClient http, LinkedInTokens tokens, TimeProvider time, ILogger logger)
{
    private const string ProtocolVersion = "2.0.0";
    private readonly string _root = settings.BaseUrl.ToString().TrimEnd('/') + "/rest/";

    /// <summary>The value of a call, its HTTP status, or the outcome to return when it failed.</summary>
    public readonly record struct Answer<T>(T? Value, int Status, DeliveryOutcome? Problem);

    /// <summary>One page of the account's segments that carry <paramref name="sourceSegmentId"/> (the <c>q=account</c> finder).</summary>
    public Task<Answer<LinkedInSegmentPage>> FindSegmentsAsync(string sourceSegmentId, int start, int count, CancellationToken cancellationToken)
    {
        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"dmpSegments?q=account&account={Escape(settings.AccountUrn)}&sourcePlatform={Escape(settings.SourcePlatform)}&sourceSegmentId={Escape(sourceSegmentId)}&start={start}&count={count}");
        return SendAsync(HttpMethod.Get, query, null, null, r => ReadAsync(r, LinkedInJsonContext.Default.LinkedInSegmentPage, cancellationToken), cancellationToken);
    }

    /// <summary>Creates a segment; LinkedIn answers 201 with the new id in the <c>x-linkedin-id</c> (or <c>x-restli-id</c>) header.</summary>
    public Task<Answer<string>> CreateSegmentAsync(LinkedInNewSegment segment, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(segment, LinkedInJsonContext.Default.LinkedInNewSegment);
        return SendAsync(HttpMethod.Post, "dmpSegments", body, null, r => Task.FromResult(NewId(r)), cancellationToken);
    }

    /// <summary>True when the segment exists (GET answers 200), false when LinkedIn answers 404.</summary>
    public async Task<Answer<bool>> SegmentExistsAsync(string segmentId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, "dmpSegments/" + segmentId, null, null, _ => Task.FromResult(true), cancellationToken);
        return answer.Status == 404 ? new Answer<bool>(false, 404, null) : answer;
    }

    /// <summary>One <c>BATCH_CREATE</c> of ADD or REMOVE elements; a 404 (segment not ready or gone) keeps its status for the caller.</summary>
    public Task<Answer<LinkedInBatchAnswer>> SendUsersAsync(string segmentId, LinkedInUsersRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, LinkedInJsonContext.Default.LinkedInUsersRequest);
        return SendAsync(
            HttpMethod.Post,
            $"dmpSegments/{segmentId}/users",
            body,
            "BATCH_CREATE",
            r => ReadAsync(r, LinkedInJsonContext.Default.LinkedInBatchAnswer, cancellationToken),
            cancellationToken);
    }

    private async Task<Answer<T>> SendAsync<T>(
        HttpMethod method, string path, byte[]? body, string? restliMethod, Func<HttpResponseMessage, Task<T?>> read, CancellationToken cancellationToken)
    {
        var (token, problem) = await tokens.CurrentAsync(cancellationToken);
        if (problem is not null)
        {
            return new Answer<T>(default, 0, problem);
        }

        for (var refreshed = false; ; refreshed = true)
        {
            try
            {
                using var request = Request(method, path, body, restliMethod, token!);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Unauthorized && !refreshed && tokens.CanRefresh)
                {
                    LinkedInLog.TokenRefused(logger, settings.Instance);
                    (token, problem) = await tokens.RenewAsync(token, cancellationToken);
                    if (problem is not null)
                    {
                        return new Answer<T>(default, 401, problem);
                    }

                    continue;
                }

                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var value = await read(response);
                    return value is null
                        ? new Answer<T>(default, status, new DeliveryOutcome.Retry($"LinkedIn answered {PathOnly(path)} without the expected content"))
                        : new Answer<T>(value, status, null);
                }

                var error = await ReadAsync(response, LinkedInJsonContext.Default.LinkedInError, cancellationToken);
                LinkedInLog.CallRefused(logger, settings.Instance, PathOnly(path), status, error?.ServiceErrorCode);
                return new Answer<T>(default, status, Classify(response, error, PathOnly(path)));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return new Answer<T>(default, 0, HttpOutcomes.Transport(ex));
            }
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path, byte[]? body, string? restliMethod, string token)
    {
        var request = new HttpRequestMessage(method, _root + path);
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("LinkedIn-Version", settings.Version);
        request.Headers.Add("X-Restli-Protocol-Version", ProtocolVersion);
        if (restliMethod is not null)
        {
            request.Headers.Add("X-RestLi-Method", restliMethod);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
        }

        return request;
    }

    /// <summary>LinkedIn's HTTP statuses (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling).</summary>
    private DeliveryOutcome Classify(HttpResponseMessage response, LinkedInError? error, string path)
    {
        var status = (int)response.StatusCode;
        var detail = $"LinkedIn {path}: HTTP {status}, service error {error?.ServiceErrorCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}: {error?.Message ?? "no message"}";
        return status switch
        {
            401 => new DeliveryOutcome.Failed($"{detail} (check AccessToken, or ClientId, ClientSecret and RefreshToken)"),
            403 => new DeliveryOutcome.Failed($"{detail} (the token needs rw_dmp_segments and a role other than VIEWER on sponsored account {settings.AdAccountId})"),
            426 => new DeliveryOutcome.Failed($"{detail} (LinkedInVersion {settings.Version} is no longer served: set a current version)"),
            _ => HttpOutcomes.FromStatus(response, detail, time),
        };
    }

    private static string? NewId(HttpResponseMessage response)
    {
        foreach (var name in new[] { "x-linkedin-id", "x-restli-id" })
        {
            if (response.Headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 } raw)
            {
                var id = raw.StartsWith("urn:li:dmpSegment:", StringComparison.Ordinal) ? raw["urn:li:dmpSegment:".Length..] : raw;
                return id.All(char.IsAsciiDigit) ? id : null;
            }
        }

        return null;
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken);
        }
        catch (JsonException)
        {
            return default;
        }
        catch (NotSupportedException)
        {
            return default; // not JSON at all (an HTML error page from a proxy)
        }
    }

    private static string PathOnly(string path) => path.Split('?')[0];

    /// <summary>Query values in Rest.li 2.0 are percent-encoded, including the characters Rest.li gives structure to.</summary>
    private static string Escape(string value)
    {
        var escaped = new StringBuilder(Uri.EscapeDataString(value));
        return escaped.Replace("(", "%28").Replace(")", "%29").Replace("'", "%27").Replace("!", "%21").Replace("*", "%2A").ToString();
    }
}
