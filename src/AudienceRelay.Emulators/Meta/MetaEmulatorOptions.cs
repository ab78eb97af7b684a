namespace AudienceRelay.Emulators.Meta;

/// <summary>Settings of one <see cref="MetaEmulator"/>. Defaults follow Meta's documented limits.</summary>
public sealed class MetaEmulatorOptions
{
    /// <summary>
    /// Registers <see cref="MetaEmulator.SandboxAdAccountId"/> with <see cref="MetaEmulator.SandboxAccessToken"/>
    /// so the sandbox mode works with no setup.
    /// </summary>
    public bool RegisterSandboxAccount { get; set; }

    /// <summary>
    /// When true, the first request that names a just-created audience answers
    /// <c>(#803) Some of the aliases you requested do not exist: users</c>, as Meta sometimes does right after
    /// creation (a plain retry succeeds).
    /// </summary>
    public bool SimulateEventualConsistency { get; set; }

    /// <summary>Rows per <c>/users</c> or <c>/usersreplace</c> request; Meta documents 10,000.</summary>
    public int MaxRowsPerRequest { get; set; } = 10_000;

    /// <summary>Page size of list edges when the request has no <c>limit</c> (Graph's default is 25).</summary>
    public int DefaultPageSize { get; set; } = 25;

    /// <summary>A larger <c>limit</c> is silently capped to this, so a client must follow <c>paging.next</c>.</summary>
    public int MaxPageSize { get; set; } = 200;

    /// <summary>
    /// An open <c>/usersreplace</c> session with no activity for this long is dropped (staged rows discarded,
    /// old members kept). Meta describes an automatic time-out (recalled as 90 minutes, unverified). Null: never.
    /// </summary>
    public TimeSpan? ReplaceSessionTimeout { get; set; } = TimeSpan.FromMinutes(90);

    /// <summary>Clock for session times and time-outs.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
