using System.Net;

namespace AudienceRelay.Server.Auth;

/// <summary>
/// With no API key configured, the API is open: it may then only be reachable from this machine.
/// Any listen address other than loopback stops the server at start with a message saying why.
/// </summary>
internal static class LoopbackGuard
{
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
                throw new InvalidOperationException(
                    $"Refusing to listen on {url} without an API key: set Auth__ApiKeys__0 (and send 'Authorization: Bearer <key>'), or listen on 127.0.0.1 / [::1] / localhost only.");
            }
        }
    }

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
