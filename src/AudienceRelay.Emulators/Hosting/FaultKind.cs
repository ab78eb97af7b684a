namespace AudienceRelay.Emulators.Hosting;

/// <summary>What an injected fault does to a request.</summary>
public enum FaultKind
{
    /// <summary>Answer with the platform's own throttling error (its code, body and headers).</summary>
    Throttle,

    /// <summary>Answer 500 or 503 with the platform's server-error body.</summary>
    ServerError,

    /// <summary>Wait <see cref="Fault.Delay"/> before handling the request normally.</summary>
    Slow,

    /// <summary>Abort the connection without an answer.</summary>
    Drop,

    /// <summary>Answer with a platform-specific error code given in <see cref="Fault.Code"/> (and <see cref="Fault.Subcode"/>).</summary>
    Error,
}
