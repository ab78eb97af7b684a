namespace AudienceRelay.Server;

/// <summary>Section <c>Sandbox</c>: run local platform emulators in-process and point providers at them.</summary>
public sealed class SandboxOptions
{
    public bool Enabled { get; set; }

    /// <summary>Where the emulators listen; the sandbox's provider instances point here.</summary>
    public string EmulatorUrl { get; set; } = Sandbox.SandboxEmulators.DefaultUrl;
}
