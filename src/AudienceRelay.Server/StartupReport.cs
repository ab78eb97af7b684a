using AudienceRelay.Server.Delivery;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server;

/// <summary>What an operator needs to read at start: where uploads go, how the API is protected, sandbox or not.</summary>
internal static partial class StartupReport
{
    public static void Write(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AudienceRelay");
        var registry = app.Services.GetRequiredService<ProviderRegistry>();
        var keys = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.ApiKeys.Count(k => !string.IsNullOrEmpty(k));
        if (keys == 0)
        {
            NoKeys(logger);
        }

        if (registry.Instances.Count == 0)
        {
            NoProviders(logger);
        }
        else
        {
            foreach (var provider in registry.All)
            {
                Provider(logger, provider.Instance, provider.Type);
            }
        }

        if (app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled)
        {
            Sandbox(logger);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No API key is configured (Auth__ApiKeys__0): the API is open, so the server listens on loopback only.")]
    private static partial void NoKeys(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "No provider is configured (Providers__<instance>__Type): POST /audience answers 503 and /health/ready reports not ready.")]
    private static partial void NoProviders(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Provider instance {Instance} ({Type}) is configured.")]
    private static partial void Provider(ILogger logger, string instance, string type);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "SANDBOX MODE: deliveries go to local platform emulators, not to real platforms. See GET /sandbox/platforms.")]
    private static partial void Sandbox(ILogger logger);
}
