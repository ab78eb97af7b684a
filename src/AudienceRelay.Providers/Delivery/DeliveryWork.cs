using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Providers.Delivery;

/// <summary>
/// One batch to deliver to one instance: the users, their match keys (normalized once per batch),
/// the batch's hash cache (shared by every instance that hashes the same values), and the session.
/// </summary>
public sealed record DeliveryWork
{
    public required string AudienceId { get; init; }
    public required string AudienceName { get; init; }
    public required AudienceType Type { get; init; }
    public required BatchInfo Batch { get; init; }
    public required IReadOnlyList<AudienceUser> Users { get; init; }
    public required IReadOnlyList<MatchKeys> Keys { get; init; }
    public required HashCache Hashes { get; init; }
    public required IDeliverySession Session { get; init; }

    /// <summary>The attempt number, from 1.</summary>
    public required int Attempt { get; init; }
}
