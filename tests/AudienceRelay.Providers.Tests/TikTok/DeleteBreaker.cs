using System.Text;

namespace AudienceRelay.Providers.Tests.TikTok;

/// <summary>Lets requests through to the emulator, but drops the connection of the <c>action: delete</c> call number <paramref name="breakAt"/> (from 1).</summary>
internal sealed class DeleteBreaker(int breakAt) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _deletes;

    public int Deletes => _deletes;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        if (body.Contains("\"action\":\"delete\"", StringComparison.Ordinal) && Interlocked.Increment(ref _deletes) == breakAt)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "test: connection dropped before the delete was sent");
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
