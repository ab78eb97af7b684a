using AudienceRelay.Core.Contract;

namespace AudienceRelay.Store.Queue;

/// <summary>
/// A validated batch ready to be stored with one delivery per provider instance.
/// <see cref="Payload"/> is the users as JSON (plain); the store encrypts it at rest.
/// </summary>
public sealed record NewBatch
{
    public required string Name { get; init; }
    public required string AudienceName { get; init; }
    public required AudienceType Type { get; init; }
    public required bool DisablePrefix { get; init; }
    public required BatchInfo Batch { get; init; }
    public required string ContentHash { get; init; }
    public required int UserCount { get; init; }
    public required int SkippedCount { get; init; }

    /// <summary>Why users were skipped: reason → count. No personal data.</summary>
    public required IReadOnlyDictionary<string, int> SkippedReasons { get; init; }
    public required byte[] Payload { get; init; }
    public required IReadOnlyList<string> Instances { get; init; }
    public required DateTimeOffset Now { get; init; }

    /// <summary>The fields the session rules check against the session the batch belongs to.</summary>
    public IncomingBatch Incoming => new(Name, Type, DisablePrefix, Batch);
}
