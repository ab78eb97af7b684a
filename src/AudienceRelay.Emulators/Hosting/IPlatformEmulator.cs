namespace AudienceRelay.Emulators.Hosting;

/// <summary>
/// A local, stateful stand-in for one platform's API. The host mounts it under <c>/{Name}</c>, so a
/// provider's <c>BaseUrl</c> is <c>http://host:port/{Name}</c> and the platform's own paths follow.
/// </summary>
public interface IPlatformEmulator
{
    /// <summary>Path segment the emulator is mounted under: <c>meta</c>, <c>tiktok</c>, <c>klaviyo</c>, …</summary>
    string Name { get; }

    /// <summary>Faults to inject into the next requests (throttle, 5xx, slow answers, dropped connections).</summary>
    FaultInjector Faults { get; }

    /// <summary>Maps the platform's routes onto a group already prefixed with <c>/{Name}</c>.</summary>
    void Map(IEndpointRouteBuilder routes);

    /// <summary>A JSON-serializable view of what the emulator holds (audiences, members, sessions), for tests and the sandbox page.</summary>
    object Snapshot(int sampleSize);
}
