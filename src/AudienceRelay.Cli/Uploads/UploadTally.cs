using AudienceRelay.Client;

namespace AudienceRelay.Cli.Uploads;

/// <summary>What the server answered across the batches of one run; shared by the parallel senders.</summary>
internal sealed class UploadTally
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> skippedReasons = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ProviderTally> providers = new(StringComparer.Ordinal);
    private readonly List<BatchFailure> failures = [];

    public int Acknowledged { get; private set; }
    public int Duplicates { get; private set; }
    public long Accepted { get; private set; }
    public long Skipped { get; private set; }
    public int Retries { get; private set; }
    public string? StatusUrl { get; private set; }

    /// <summary>Why the whole upload stopped early (wrong key, unreachable server), if it did.</summary>
    public string? AbortReason { get; private set; }

    public IReadOnlyDictionary<string, long> SkippedReasons => Locked(() => new Dictionary<string, long>(skippedReasons));

    public IReadOnlyList<BatchFailure> Failures => Locked(() => failures.OrderBy(f => f.Sequence).ToList());

    public IReadOnlyList<KeyValuePair<string, ProviderTally>> Providers => Locked(() => providers.ToList());

    public bool AnyProviderFailed => Locked(() => providers.Values.Any(p => p.Failed > 0));

    public void Record(UploadResult result)
    {
        lock (gate)
        {
            Acknowledged++;
            Duplicates += result.Duplicate ? 1 : 0;
            Accepted += result.Accepted;
            Skipped += result.Skipped;
            foreach (var (reason, count) in result.SkippedReasons)
            {
                skippedReasons[reason] = skippedReasons.GetValueOrDefault(reason) + count;
            }

            AddResults(result.Results);
            foreach (var pending in result.Pending)
            {
                Provider(pending.Instance).Pending++;
            }

            StatusUrl ??= result.StatusUrl;
        }
    }

    /// <summary>A <c>sync=true</c> batch that the server stored but a provider failed to deliver.</summary>
    public void RecordDeliveryFailure(int sequence, AudienceRelayException failure)
    {
        lock (gate)
        {
            Acknowledged++;
            AddResults(failure.Results);
            failures.Add(new BatchFailure(sequence, string.Join("; ", failure.Errors)));
        }
    }

    public void RecordFailure(int sequence, string reason)
    {
        lock (gate)
        {
            failures.Add(new BatchFailure(sequence, reason));
        }
    }

    public void CountRetry()
    {
        lock (gate)
        {
            Retries++;
        }
    }

    public void Abort(string reason)
    {
        lock (gate)
        {
            AbortReason ??= reason;
        }
    }

    private void AddResults(IReadOnlyList<ProviderResult> results)
    {
        foreach (var result in results)
        {
            var tally = Provider(result.Instance);
            switch (result.State?.ToLowerInvariant())
            {
                case "succeeded":
                    tally.Succeeded++;
                    tally.UsersSent += result.UsersSent ?? 0;
                    tally.UsersInvalid += result.UsersInvalid ?? result.UsersSkipped ?? 0;
                    break;
                case "failed" or "dead":
                    tally.Failed++;
                    tally.FirstError ??= result.Error;
                    break;
                default:
                    tally.Pending++;
                    break;
            }
        }
    }

    private ProviderTally Provider(string instance)
    {
        if (!providers.TryGetValue(instance, out var tally))
        {
            tally = new ProviderTally();
            providers[instance] = tally;
        }

        return tally;
    }

    private T Locked<T>(Func<T> read)
    {
        lock (gate)
        {
            return read();
        }
    }
}
