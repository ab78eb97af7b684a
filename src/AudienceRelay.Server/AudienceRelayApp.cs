using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Http;
using AudienceRelay.Server.Auth;
using AudienceRelay.Server.Delivery;
using AudienceRelay.Server.Errors;
using AudienceRelay.Server.Health;
using AudienceRelay.Server.Memory;
using AudienceRelay.Server.Observability;
using AudienceRelay.Server.Operations;
using AudienceRelay.Server.Scaling;
using AudienceRelay.Server.Sessions;
using AudienceRelay.Server.Uploads;
using AudienceRelay.Store;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;
using Polly;

namespace AudienceRelay.Server;

/// <summary>
/// Composes the server: configuration, store, provider instances, dispatcher and endpoints. Program.cs
/// and the tests both build the app here, so tests run exactly what operators run.
/// </summary>
public static class AudienceRelayApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        NativeHeap.Configure();
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseKestrelHttpsConfiguration();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            // ASP.NET's 4-6 lines per request only when asked for (Logging__LogLevel__Microsoft.AspNetCore=Debug);
            // the upload and delivery lines say what happened, with ids and counts.
            builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning";
        }

        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // Per-request HTTP client lines would log every platform URL at Information; our own delivery
        // lines say what matters (ids and counts). Warnings and errors from the pipeline still show.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        // The upload reader enforces Ingress:MaxBodyBytes per request and answers 413 itself. Kestrel's
        // own ceiling sits above it, so a body just over the limit is drained after the 413 and the
        // client reads the answer instead of seeing the connection reset.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Ingress:MaxBodyBytes", 64L * 1024 * 1024) + (16L * 1024 * 1024));

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<IngressOptions>().Bind(builder.Configuration.GetSection("Ingress")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection("Delivery")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StoreOptions>().Bind(builder.Configuration.GetSection("Store")).ValidateDataAnnotations()
            .Validate(o => o.Engine is "sqlite" or "postgres", "Store:Engine must be sqlite or postgres.").ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection("Auth"));
        services.AddOptions<SandboxOptions>().Bind(builder.Configuration.GetSection("Sandbox"));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));

        var engine = builder.Configuration["Store:Engine"] ?? "sqlite";
        services.AddAudienceStore(builder.Configuration, engine);

        services.AddSingleton<DeliverySignals>();
        services.AddSingleton<BatchIntake>();
        services.AddSingleton<SyncWaiter>();
        services.AddSingleton<AudienceResolver>();
        services.AddSingleton<MemoryReturn>();
        services.AddSingleton<BatchIdentityCache>();
        services.AddSingleton<DeliveryRunner>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddSingleton<UploadGate>();
        services.AddSingleton<LoopbackGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<LoopbackGuard>());
        // The hook (tests, the sandbox host) runs before the provider instances are read and before the dispatcher is
        // registered: it may add configuration (the sandbox's instances) and hosted services that must start first.
        services.AddObservability(builder.Configuration).AddOperations();
        configure?.Invoke(builder);
        SandboxOptions.RefuseOutsideSandboxHost(builder);
        AddProviders(services, builder.Configuration, engine);
        if (builder.Configuration.GetValue("Delivery:Enabled", true))
        {
            services.AddHostedService<Dispatcher>();
        }

        var app = builder.Build();
        var urls = (app.Configuration["urls"] ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries);
        LoopbackGuard.Check(urls, app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.ApiKeys.Any(k => !string.IsNullOrEmpty(k)));
        app.Services.GetRequiredService<IStoreLifecycle>().MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        StartupReport.Write(app);

        app.UseApiErrorPages();
        var guard = app.Services.GetRequiredService<LoopbackGuard>();
        app.Use(async (context, next) =>
        {
            if (await guard.AllowsAsync(context))
            {
                await next(context);
            }
        });

        app.MapUploads();
        app.MapSessions();
        app.MapHealth();
        app.MapOpenApiDocument();
        app.MapObservability().MapOperations();
        return app;
    }

    private static void AddProviders(IServiceCollection services, IConfiguration configuration, string engine)
    {
        var factories = ProviderFactories.All.ToDictionary(f => f.Type, StringComparer.Ordinal);
        var settings = ProviderCatalog.Read(configuration.GetSection("Providers"), factories, out var errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Provider configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)));
        }

        foreach (var setting in settings)
        {
            // Each instance has its own HTTP client: its own rate limit (shared by all nodes on PostgreSQL)
            // and short timeouts. Long waits and retries belong to the queue, so the pipeline does not
            // retry by itself.
            var instance = setting.Instance;
            services.AddKeyedSingleton(instance, (sp, _) => InstanceRateLimiter.Create(setting, sp, engine));
            services.AddHttpClient(instance)
                .AddHttpMessageHandler(() => PlatformCallObserver.Outer(instance))
                .AddHttpMessageHandler(sp => new RateLimitingHandler(sp.GetRequiredKeyedService<RateLimiter>(instance)))
                .AddHttpMessageHandler(() => PlatformCallObserver.Inner(instance))
                .AddResilienceHandler("edge", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(100)));
            services.AddSingleton<IAudienceProvider>(sp => factories[setting.Type].Create(
                setting,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(setting.Instance),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>()));
        }

        services.AddSingleton(sp => new ProviderRegistry(sp.GetServices<IAudienceProvider>()));
    }
}
