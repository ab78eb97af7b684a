namespace AudienceRelay.Server;

/// <summary>
/// Section <c>Sandbox</c>, set by the sandbox host (src/AudienceRelay.Sandbox), which runs the platform emulators in its
/// process and points provider instances at them. The server itself only reports it (the upload answer, the start-up log),
/// and refuses it when it is not the sandbox host: the deployable server has no emulators to deliver to.
/// </summary>
public sealed class SandboxOptions
{
    public const string DefaultEmulatorUrl = "http://127.0.0.1:5081";

    /// <summary>What the server says when <c>Sandbox:Enabled</c> is set on it rather than on the sandbox host.</summary>
    public const string NotTheSandboxHost =
        "Sandbox:Enabled (Sandbox__Enabled) is set, but this is the deployable server, which has no platform emulators. "
        + "Run the sandbox host instead: dotnet run --project src/AudienceRelay.Sandbox. A deployed server leaves Sandbox:Enabled unset.";

    public bool Enabled { get; set; }

    /// <summary>Where the emulators listen; the sandbox's provider instances point here.</summary>
    public string EmulatorUrl { get; set; } = DefaultEmulatorUrl;

    /// <summary>The sandbox host's configure hook calls this: sandbox mode on, and the mark that this process runs the emulators.</summary>
    public static void EnableSandboxHost(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        builder.Services.AddSingleton<SandboxHostMark>();
    }

    /// <summary>
    /// Refuses <c>Sandbox:Enabled</c> (any value but false) unless the sandbox host asked for it: an operator who sets it
    /// on the server would otherwise see uploads answered "sandbox mode" while nothing emulates the platforms.
    /// </summary>
    internal static void RefuseOutsideSandboxHost(WebApplicationBuilder builder)
    {
        var enabled = builder.Configuration["Sandbox:Enabled"];
        var off = string.IsNullOrWhiteSpace(enabled) || (bool.TryParse(enabled.Trim(), out var on) && !on);
        if (!off && !builder.Services.Any(d => d.ServiceType == typeof(SandboxHostMark)))
        {
            throw new InvalidOperationException(NotTheSandboxHost);
        }
    }

    /// <summary>Registered only by <see cref="EnableSandboxHost"/>; configuration cannot add it.</summary>
    private sealed class SandboxHostMark;
}
