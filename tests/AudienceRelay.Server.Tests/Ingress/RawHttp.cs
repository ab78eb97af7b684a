using System.Net.Sockets;
using System.Text;

namespace AudienceRelay.Server.Tests.Ingress;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HttpClient cannot do on purpose: send the headers and part
/// of a body, then stall, like a client on a dying link. The headers ask for <c>100 Continue</c>,
/// which Kestrel sends when the endpoint starts reading the body: the signal that the upload is in.
/// </summary>
internal sealed class RawHttp : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream _stream = null!;

    public static async Task<RawHttp> StartUploadAsync(Uri server, HttpContent content, int bytesToSend)
    {
        var body = await content.ReadAsByteArrayAsync();
        var raw = new RawHttp();
        await raw._client.ConnectAsync(server.Host, server.Port);
        raw._stream = raw._client.GetStream();
        var head = $"POST /audience HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {content.Headers.ContentType}\r\nContent-Length: {body.Length}\r\nExpect: 100-continue\r\n\r\n";
        await raw._stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var interim = await raw.ReadAnswerAsync(TimeSpan.FromSeconds(30), "\r\n\r\n");
        if (!interim.StartsWith("HTTP/1.1 100", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Expected 100 Continue, got: " + interim);
        }

        await raw._stream.WriteAsync(body.AsMemory(0, Math.Min(bytesToSend, body.Length)));
        await raw._stream.FlushAsync();
        return raw;
    }

    /// <summary>Reads what the server answers until it closes the connection or the body is complete.</summary>
    public async Task<string> ReadAnswerAsync(TimeSpan timeout, string? until = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var read = await _stream.ReadAsync(buffer, cancel.Token);
            if (read == 0)
            {
                return text.ToString();
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var answer = text.ToString();
            if (until is not null && answer.EndsWith(until, StringComparison.Ordinal))
            {
                return answer;
            }

            var chunkedDone = answer.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
            var plainDone = answer.Contains("Content-Length", StringComparison.OrdinalIgnoreCase) && answer.EndsWith('}');
            if (chunkedDone || plainDone)
            {
                return answer;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
