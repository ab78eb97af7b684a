namespace AudienceRelay.Client;

/// <summary>One <c>POST /audience</c> call: an audience name and type, the batch metadata and its users.</summary>
public sealed record UploadRequest
{
    public required string Name { get; init; }
    public AudienceKind Type { get; init; } = AudienceKind.Custom;
    public required UploadBatch Batch { get; init; }
    public required IReadOnlyList<UserRecord> Users { get; init; }

    /// <summary>Sends <c>disablePrefix=true</c>: providers use <see cref="Name"/> as is, without <c>blotout_</c>.</summary>
    public bool DisablePrefix { get; init; }

    /// <summary>Sends <c>sync=true</c>: the server answers once every provider has finished (or its sync timeout ran out).</summary>
    public bool Sync { get; init; }
}
