namespace AudienceRelay.Cli.Tests.Infrastructure;

/// <summary>Passes requests to the real network and counts the uploads among them.</summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int posts;

    public int Posts => Volatile.Read(ref posts);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post)
        {
            Interlocked.Increment(ref posts);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
