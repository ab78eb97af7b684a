using System.Net;
using AudienceRelay.Server.Errors;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Auth;

/// <summary>
/// With no API key configured, the API is open: it may then only be reachable from this machine.
/// Three checks, because addresses come from several places (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
/// <c>Kestrel:Endpoints</c>): the configured URLs before start (a clear, early message); the addresses
/// Kestrel actually bound, once it has started (the server stops); and every request's local address,
/// so that nothing is served in between.
/// </summary>
internal sealed class LoopbackGuard(IServer server, IOptions<AuthOptions> auth) : IHostedLifecycleService
{
    private bool Open { get; } = !auth.Value.ApiKeys.Any(k => !string.IsNullOrEmpty(k));

    public static void Check(IEnumerable<string> urls, bool hasKeys)
    {
        if (hasKeys)
        {
            return;
        }

        foreach (var url in urls)
        {
            if (!IsLoopback(url))
            {
                throw Refusal(url);
            }
        }
    }

    /// <summary>Runs after Kestrel has bound its addresses: those are the truth, whatever configured them.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (Open)
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Check(addresses, hasKeys: false);
        }

        return Task.CompletedTask;
    }

    /// <summary>Refuses, with 403, any request that reached a non-loopback address of an open server.</summary>
    public async Task<bool> AllowsAsync(HttpContext context)
    {
        if (!Open || context.Connection.LocalIpAddress is not { } local || IPAddress.IsLoopback(local))
        {
            return true;
        }

        await ApiProblem.WriteAsync(context, StatusCodes.Status403Forbidden, "Authorization: this server has no API key and answers on loopback only.");
        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static InvalidOperationException Refusal(string url) => new(
        $"Refusing to listen on {url} without an API key: set Auth__ApiKeys__0 (and send 'Authorization: Bearer <key>'), or listen on 127.0.0.1 / [::1] / localhost only.");

    private static bool IsLoopback(string url)
    {
        // Kestrel also accepts wildcard hosts (*, +) which Uri cannot parse: they mean every interface.
        var withoutScheme = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var host = withoutScheme.Split('/')[0];
        if (host.StartsWith('['))
        {
            host = host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            host = host[..host.LastIndexOf(':')];
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
