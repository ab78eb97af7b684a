using AudienceRelay.Cli.Uploads;

namespace AudienceRelay.Cli;

/// <summary>What the commands take from the outside world, so tests can replace the clock, the network and the terminal.</summary>
internal sealed record CliServices
{
    public static CliServices Default { get; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Creates the HTTP handler; <see langword="null"/> uses a plain <see cref="SocketsHttpHandler"/>.</summary>
    public Func<HttpMessageHandler>? CreateHandler { get; init; }

    public RetrySettings Retry { get; init; } = new();

    /// <summary>Called after a batch was acknowledged by the server and recorded in the resume file.</summary>
    public Action<int>? BatchAcknowledged { get; init; }

    /// <summary>Forces the progress bar on or off; by default it shows only on a real, non-redirected terminal.</summary>
    public bool? Interactive { get; init; }

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
