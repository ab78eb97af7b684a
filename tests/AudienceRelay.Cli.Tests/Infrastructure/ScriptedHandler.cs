using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace AudienceRelay.Cli.Tests.Infrastructure;

/// <summary>An HTTP handler that answers each request from a script, for failures a real server will not produce on demand.</summary>
public sealed class ScriptedHandler(Func<int, HttpResponseMessage> answer) : HttpMessageHandler
{
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    /// <summary>Each request's declared length, captured before the body is read.</summary>
    public ConcurrentQueue<long?> ContentLengths { get; } = new();

    /// <summary>Each request's body and content type, captured before the caller disposes the content.</summary>
    public ConcurrentQueue<(string? ContentType, byte[] Body)> Bodies { get; } = new();

    public static HttpResponseMessage Accepted(int users) => Json(HttpStatusCode.OK,
        $$"""{"success":true,"sessionId":1,"sequence":1,"accepted":{{users}},"skipped":0,"skippedReasons":{},"duplicate":false}""");

    public static HttpResponseMessage Json(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Read the body, as a server would.
        if (request.Content is not null)
        {
            ContentLengths.Enqueue(request.Content.Headers.ContentLength);
            Bodies.Enqueue((request.Content.Headers.ContentType?.ToString(), await request.Content.ReadAsByteArrayAsync(cancellationToken)));
        }

        Requests.Enqueue(request);
        return answer(Interlocked.Increment(ref calls));
    }
}
