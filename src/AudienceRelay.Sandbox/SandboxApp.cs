using AudienceRelay.Server;
using AudienceRelay.Server.Operations;

namespace AudienceRelay.Sandbox;

/// <summary>
/// The sandbox: the real server, composed by <see cref="AudienceRelayApp.Build"/> like every deployment, with the
/// platform emulators added through its configure hook. The emulators run in this process on
/// <c>Sandbox:EmulatorUrl</c>; when no provider is configured, one instance per emulated platform points at them, so a
/// newcomer sees an upload go the whole way without credentials. The deployable server does not reference the
/// emulators at all.
/// </summary>
public static class SandboxApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var app = AudienceRelayApp.Build(args, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
            builder.Configuration.AddInMemoryCollection(SandboxSetup.Defaults(builder.Configuration));

            // Registered in the hook, which runs before the server registers its dispatcher: hosted services start in
            // order, so the emulators answer before the first delivery.
            builder.Services.AddSingleton<SandboxEmulators>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SandboxEmulators>());
            builder.Services.AddSingleton<IOpsPageSection, SandboxOpsSection>();
            configure?.Invoke(builder);
        });
        app.MapSandbox();
        return app;
    }
}
