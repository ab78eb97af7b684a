using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Providers.Delivery;

/// <summary>One batch of a session as <see cref="IDeliverySession.ReadSessionBatchesAsync"/> yields it: its users, their match keys and its hash cache.</summary>
public sealed record SessionBatch(BatchInfo Batch, IReadOnlyList<AudienceUser> Users, IReadOnlyList<MatchKeys> Keys, HashCache Hashes);
