namespace AudienceRelay.Providers.Delivery;

/// <summary>
/// What a successful delivery sent: users sent, users skipped by reason (no personal data), and the
/// platform's own counts where it returns them (e.g. Meta's num_received, num_invalid_entries).
/// </summary>
public sealed record DeliveryCounts(int UsersSent, int UsersSkipped, IReadOnlyDictionary<string, int> SkippedReasons, IReadOnlyDictionary<string, long> PlatformCounts)
{
    public static DeliveryCounts Of(int usersSent, int usersSkipped = 0) =>
        new(usersSent, usersSkipped, new Dictionary<string, int>(), new Dictionary<string, long>());
}
