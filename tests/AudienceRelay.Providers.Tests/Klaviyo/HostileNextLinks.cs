using System.Text;
using System.Text.Json.Nodes;

namespace AudienceRelay.Providers.Tests.Klaviyo;

/// <summary>
/// Passes requests to the emulator and turns its paged answers hostile: every <c>links.next</c> points at another host.
/// Records any request that was sent anywhere but the emulator (none may be).
/// </summary>
internal sealed class HostileNextLinks(Uri emulator) : DelegatingHandler(new SocketsHttpHandler())
{
    public const string Elsewhere = "http://collector.invalid:8080/api/profile-bulk-import-jobs/x/import-errors?page%5Bcursor%5D=2";

    private readonly List<string> _foreign = [];

    public IReadOnlyList<string> ForeignRequests
    {
        get
        {
            lock (_foreign)
            {
                return [.. _foreign];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.Authority != emulator.Authority)
        {
            lock (_foreign)
            {
                _foreign.Add($"{request.RequestUri.Authority} {request.Headers.Authorization}");
            }

            throw new HttpRequestException(HttpRequestError.NameResolutionError, "test: no such host");
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Get && response.IsSuccessStatusCode && request.RequestUri.AbsolutePath.EndsWith("/import-errors", StringComparison.Ordinal))
        {
            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            document["links"] = new JsonObject { ["next"] = Elsewhere };
            response.Content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return response;
    }
}
