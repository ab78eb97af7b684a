namespace AudienceRelay.Server;

/// <summary>Section <c>Sandbox</c>: run local platform emulators in-process and point providers at them.</summary>
public sealed class SandboxOptions
{
    public bool Enabled { get; set; }

    /// <summary>Where the emulators listen (port 0: any free port).</summary>
    public string EmulatorUrl { get; set; } = "http://127.0.0.1:0";
}
