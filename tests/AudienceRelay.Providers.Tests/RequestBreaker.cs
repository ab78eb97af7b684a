namespace AudienceRelay.Providers.Tests;

/// <summary>Lets requests through to the emulator, but drops the connection of the <paramref name="breakAt"/>-th (from 1) <paramref name="method"/> request whose path contains <paramref name="pathContains"/>.</summary>
internal sealed class RequestBreaker(HttpMethod method, string pathContains, int breakAt) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _seen;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == method && request.RequestUri!.AbsolutePath.Contains(pathContains, StringComparison.Ordinal)
            && Interlocked.Increment(ref _seen) == breakAt)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "test: connection dropped before the request was sent");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
