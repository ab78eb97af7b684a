using System.CommandLine;

namespace AudienceRelay.Cli;

/// <summary>The <c>--url</c> and <c>--api-key</c> options every command shares, and the HTTP client they make.</summary>
internal static class ServerConnection
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string ApiKeyVariable = "AUDIENCE_RELAY_API_KEY";

    public static Option<string> CreateUrlOption() => new("--url")
    {
        Description = "Root URL of the AudienceRelay server.",
        DefaultValueFactory = _ => DefaultUrl,
    };

    // No default value factory: help would print the key read from the environment.
    public static Option<string?> CreateApiKeyOption() => new("--api-key")
    {
        Description = $"API key, sent as 'Authorization: Bearer'. Defaults to the {ApiKeyVariable} environment variable.",
    };

    public static string? ResolveApiKey(string? option, CliServices services)
    {
        var key = option ?? services.GetEnvironmentVariable(ApiKeyVariable);
        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }

    public static HttpClient CreateHttpClient(string url, CliServices services, TimeSpan timeout)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url '{url}' is not an http:// or https:// URL.");
        }

        var handler = services.CreateHandler?.Invoke() ?? new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        return new HttpClient(handler) { BaseAddress = root, Timeout = timeout };
    }
}
