namespace AudienceRelay.Server;

/// <summary>
/// Section <c>Sandbox</c>, set by the sandbox host (src/AudienceRelay.Sandbox), which runs the platform emulators in its
/// process and points provider instances at them. The server itself only reports it (the upload answer, the start-up log).
/// </summary>
public sealed class SandboxOptions
{
    public const string DefaultEmulatorUrl = "http://127.0.0.1:5081";

    public bool Enabled { get; set; }

    /// <summary>Where the emulators listen; the sandbox's provider instances point here.</summary>
    public string EmulatorUrl { get; set; } = DefaultEmulatorUrl;
}
