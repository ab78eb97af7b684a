using System.Globalization;
using System.Text;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Klaviyo;

/// <summary>
/// Klaviyo lists (providers.md §3). Lists hold raw profiles; each batch goes as bulk import jobs that are followed
/// until complete, and their per-profile import errors are counted. <c>type=primary</c> adds too, then removes the
/// profiles that left since the previous complete primary session (<see cref="KlaviyoMembership"/>, docs/providers/klaviyo.md).
/// </summary>
internal sealed class KlaviyoProvider(ProviderSettings settings, KlaviyoApi api) : IAudienceProvider
{
    private readonly KlaviyoMembership _membership = new(api);

    private const int MaxImportProfiles = 10_000;
    private const int MaxErrorPages = 200;

    private readonly int _maxBytes = Int(settings, "MaxImportBytes", KlaviyoProviderFactory.MaxImportBytes);
    private readonly TimeSpan _pollDelay = TimeSpan.FromSeconds(Int(settings, "ImportPollSeconds", 2));
    private readonly int _maxPolls = Int(settings, "ImportMaxPolls", 60);

    public string Instance => settings.Instance;

    public string Type => "klaviyo";

    public ProviderLimits Limits => settings.Limits;

    public async Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filter = Uri.EscapeDataString($"equals(name,\"{Escape(request.AudienceName)}\")");
        var (found, problem) = await api.SendAsync(HttpMethod.Get, $"lists?filter={filter}", null, KlaviyoJsonContext.Default.KlaviyoDocumentIReadOnlyListKlaviyoResource, cancellationToken);
        if (problem is not null)
        {
            return AudienceResolution.Unavailable(problem);
        }

        if (found?.Data?.FirstOrDefault(l => l.Id is not null && NameOf(l) == request.AudienceName) is { } existing)
        {
            return AudienceResolution.Found(existing.Id!);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new KlaviyoNewListDocument(new KlaviyoNewList("list", new KlaviyoListAttributes(request.AudienceName))), KlaviyoJsonContext.Default.KlaviyoNewListDocument);
        var (created, createProblem) = await api.SendAsync(HttpMethod.Post, "lists", KlaviyoApi.Json(body), KlaviyoJsonContext.Default.KlaviyoDocumentKlaviyoResource, cancellationToken);
        return createProblem switch
        {
            // Klaviyo caps list creation per day (150, lately 100) on top of its burst and steady limits.
            DeliveryOutcome.Retry { Throttled: true } throttled when throttled.Reason.Contains("daily", StringComparison.OrdinalIgnoreCase) =>
                AudienceResolution.Unavailable(throttled with { Reason = $"Klaviyo's daily list-creation limit was reached; the list is created once it lifts ({throttled.Reason})" }),
            not null => AudienceResolution.Unavailable(createProblem),
            _ when created?.Data?.Id is { Length: > 0 } id => AudienceResolution.NewlyCreated(id),
            _ => AudienceResolution.Unavailable(new DeliveryOutcome.Retry("Klaviyo created the list but returned no id")),
        };
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var profiles = new List<KlaviyoProfile>(work.Keys.Count);
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var keys in work.Keys)
        {
            if (KlaviyoImportBody.Profile(keys) is { } profile)
            {
                profiles.Add(profile);
            }
            else
            {
                var reason = keys.IsUsable ? "no_raw_email_phone_or_external_id" : "no_identifier";
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
            }
        }

        var jobs = KlaviyoImportBody.Split(profiles, Math.Min(Limits.MaxUsersPerRequest, MaxImportProfiles), _maxBytes);
        var (done, pendingJob) = ReadState(work.Session.SavedState, jobs.Count);
        long importErrors = 0;
        long imported = 0;
        for (var i = done; i < jobs.Count; i++)
        {
            var jobId = pendingJob;
            pendingJob = null;
            if (jobId is null)
            {
                var (job, problem) = await api.SendAsync(HttpMethod.Post, "profile-bulk-import-jobs", KlaviyoApi.Json(KlaviyoImportBody.Job(jobs[i], work.AudienceId)), KlaviyoJsonContext.Default.KlaviyoDocumentKlaviyoResource, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                jobId = job?.Data?.Id;
                if (jobId is null)
                {
                    return new DeliveryOutcome.Retry("Klaviyo accepted an import job but returned no job id");
                }

                // A retry follows this job instead of importing the same profiles again.
                await work.Session.SaveStateAsync(State(i, jobId), cancellationToken);
            }

            var (result, pollProblem) = await FollowAsync(jobId, cancellationToken);
            if (pollProblem is not null)
            {
                return pollProblem;
            }

            imported += result!.CompletedCount;
            var (errors, errorsProblem) = await CountErrorsAsync(jobId, cancellationToken);
            if (errorsProblem is not null)
            {
                return errorsProblem;
            }

            importErrors += errors;
            await work.Session.SaveStateAsync(State(i + 1, null), cancellationToken);
        }

        var platform = new Dictionary<string, long>(StringComparer.Ordinal) { ["import_jobs"] = jobs.Count - done, ["imported"] = imported, ["import_errors"] = importErrors };
        if (work.Type == AudienceType.Primary && await _membership.SyncAsync(work, profiles, platform, cancellationToken) is { } removalProblem)
        {
            return removalProblem;
        }

        return new DeliveryOutcome.Succeeded(new DeliveryCounts(profiles.Count, work.Keys.Count - profiles.Count, skipped, platform));
    }

    /// <summary>Polls the job until complete, waiting between polls; a job still running after the last poll is retried later.</summary>
    private async Task<(KlaviyoJobAttributes? Job, DeliveryOutcome? Problem)> FollowAsync(string jobId, CancellationToken cancellationToken)
    {
        for (var poll = 1; poll <= _maxPolls; poll++)
        {
            await Task.Delay(_pollDelay, api.Time, cancellationToken);
            var (document, problem) = await api.SendAsync(HttpMethod.Get, $"profile-bulk-import-jobs/{Uri.EscapeDataString(jobId)}", null, KlaviyoJsonContext.Default.KlaviyoDocumentKlaviyoResource, cancellationToken);
            if (problem is not null)
            {
                return (null, problem);
            }

            var job = document?.Data?.Attributes is { ValueKind: JsonValueKind.Object } attributes
                ? attributes.Deserialize(KlaviyoJsonContext.Default.KlaviyoJobAttributes)
                : null;
            switch (job?.Status)
            {
                case "complete":
                    return (job, null);
                case "cancelled":
                    return (null, new DeliveryOutcome.Retry($"Klaviyo cancelled import job {jobId}"));
            }
        }

        return (null, new DeliveryOutcome.Retry($"Klaviyo import job {jobId} was not complete after {_maxPolls} polls"));
    }

    /// <summary>Counts the job's per-profile import errors, following the pages. Only the count is kept: the errors echo profile values.</summary>
    private async Task<(long Count, DeliveryOutcome? Problem)> CountErrorsAsync(string jobId, CancellationToken cancellationToken)
    {
        long count = 0;
        string? next = $"profile-bulk-import-jobs/{Uri.EscapeDataString(jobId)}/import-errors?page%5Bsize%5D=100";
        for (var page = 0; next is not null && page < MaxErrorPages; page++)
        {
            var (document, problem) = await api.SendAsync(HttpMethod.Get, next, null, KlaviyoJsonContext.Default.KlaviyoDocumentIReadOnlyListKlaviyoResource, cancellationToken);
            if (problem is not null)
            {
                return (0, problem);
            }

            count += document?.Data?.Count ?? 0;
            next = document?.Links?.Next;
        }

        return (count, null);
    }

    private static string? NameOf(KlaviyoResource list) =>
        list.Attributes.ValueKind == JsonValueKind.Object && list.Attributes.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;

    // Klaviyo filter strings are quoted; a quote or backslash inside the name is escaped with a backslash.
    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string State(int done, string? pendingJob) => pendingJob is null
        ? done.ToString(CultureInfo.InvariantCulture)
        : $"{done.ToString(CultureInfo.InvariantCulture)}:{pendingJob}";

    private static (int Done, string? PendingJob) ReadState(string? state, int jobs)
    {
        if (state is null)
        {
            return (0, null);
        }

        var parts = state.Split(':', 2);
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var done) && done <= jobs
            ? (done, parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null)
            : (0, null);
    }

    private static int Int(ProviderSettings settings, string key, int fallback) =>
        settings.Get(key) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
