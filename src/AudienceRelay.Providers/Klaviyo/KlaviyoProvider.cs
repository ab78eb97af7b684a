using System.Globalization;
using System.Text;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Klaviyo;

/// <summary>
/// Klaviyo lists (providers.md §3). Lists hold raw profiles; each batch goes as bulk import jobs that are followed
/// until complete, and their per-profile import errors are counted. <c>type=primary</c> adds too, then removes the
/// profiles that left since the previous complete primary session (<see cref="KlaviyoMembership"/>, docs/providers/klaviyo.md).
/// </summary>
internal sealed class KlaviyoProvider(KlaviyoSettings settings, KlaviyoClient api, ILogger<KlaviyoProvider> logger) : IAudienceProvider
{
    /// <summary>The skip reason of a user known only by a phone number on an account without SMS.</summary>
    public const string PhoneOnlySkipReason = "phone_only_without_sms";

    private readonly bool _smsEnabled = settings.SmsEnabled;
    private readonly KlaviyoMembership _membership = new(api);

    private const int MaxImportProfiles = 10_000;
    private const int MaxErrorPages = 200;

    private readonly int _maxBytes = settings.MaxImportBytes;
    private readonly TimeSpan _pollDelay = settings.ImportPollInterval;
    private readonly int _maxPolls = settings.ImportMaxPolls;

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
            KlaviyoLog.ListFound(logger, Instance, existing.Id!);
            return AudienceResolution.Found(existing.Id!);
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new KlaviyoNewListDocument(new KlaviyoNewList("list", new KlaviyoListAttributes(request.AudienceName))), KlaviyoJsonContext.Default.KlaviyoNewListDocument);
        var (created, createProblem) = await api.SendAsync(HttpMethod.Post, "lists", KlaviyoClient.Json(body), KlaviyoJsonContext.Default.KlaviyoDocumentKlaviyoResource, cancellationToken);
        return createProblem switch
        {
            // Klaviyo caps list creation per day (150, lately 100) on top of its burst and steady limits.
            DeliveryOutcome.Retry { Throttled: true } throttled when throttled.Reason.Contains("daily", StringComparison.OrdinalIgnoreCase) =>
                AudienceResolution.Unavailable(throttled with { Reason = $"Klaviyo's daily list-creation limit was reached; the list is created once it lifts ({throttled.Reason})" }),
            not null => AudienceResolution.Unavailable(createProblem),
            _ when created?.Data?.Id is { Length: > 0 } id => Created(id),
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
            var profile = KlaviyoImportBody.Profile(keys);
            var reason = profile switch
            {
                null => keys.IsUsable ? "no_raw_email_phone_or_external_id" : "no_identifier",

                // Klaviyo refuses a profile known only by its phone number unless the account has SMS set up
                // (docs/providers/klaviyo.md): without SmsEnabled such a user is skipped here, not failed there.
                { Attributes: { Email: null, ExternalId: null } } when !_smsEnabled => PhoneOnlySkipReason,
                _ => null,
            };
            if (reason is null)
            {
                profiles.Add(profile!);
            }
            else
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
            }
        }

        // Progress is saved as a count of profiles, not of jobs: a job's size depends on MaxUsersPerRequest and the
        // byte limit, and a retry with other limits must neither skip nor repeat anyone.
        var (offset, pending) = ReadState(work.Session.SavedState, work.AudienceId, profiles.Count);
        var maxProfiles = Math.Min(Limits.MaxUsersPerRequest, MaxImportProfiles);
        long importErrors = 0;
        long imported = 0;
        var jobs = 0;
        while (offset < profiles.Count || pending is not null)
        {
            var (end, jobId) = pending ?? (0, null);
            pending = null;
            if (jobId is null)
            {
                var (job, count) = KlaviyoImportBody.Next(profiles, offset, maxProfiles, _maxBytes);
                end = offset + count;
                var (created, problem) = await api.SendAsync(HttpMethod.Post, "profile-bulk-import-jobs", KlaviyoClient.Json(KlaviyoImportBody.Job(job, work.AudienceId)), KlaviyoJsonContext.Default.KlaviyoDocumentKlaviyoResource, cancellationToken, listScoped: true);
                if (problem is not null)
                {
                    KlaviyoLog.RequestNotAccepted(logger, Instance, work.AudienceId, problem.GetType().Name);
                    return problem;
                }

                jobId = created?.Data?.Id;
                if (jobId is null)
                {
                    return new DeliveryOutcome.Retry("Klaviyo accepted an import job but returned no job id");
                }

                // A retry follows this job instead of importing the same profiles again.
                await work.Session.SaveStateAsync(State(offset, work.AudienceId, (end, jobId)), cancellationToken);
            }

            var (result, pollProblem) = await FollowAsync(jobId, cancellationToken);
            if (pollProblem is not null)
            {
                return pollProblem;
            }

            imported += result!.CompletedCount ?? 0;
            var (errors, errorsProblem) = await CountErrorsAsync(jobId, cancellationToken);
            if (errorsProblem is not null)
            {
                return errorsProblem;
            }

            importErrors += errors;
            jobs++;
            offset = end;
            await work.Session.SaveStateAsync(State(offset, work.AudienceId, null), cancellationToken);
            KlaviyoLog.JobCompleted(logger, Instance, work.AudienceId, jobId, result.CompletedCount ?? 0, errors);
        }

        var platform = new Dictionary<string, long>(StringComparer.Ordinal) { ["import_jobs"] = jobs, ["imported"] = imported, ["import_errors"] = importErrors };
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

    private AudienceResolution Created(string listId)
    {
        KlaviyoLog.ListCreated(logger, Instance, listId);
        return AudienceResolution.NewlyCreated(listId);
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

    // "{offset}:{listId}" or "{offset}:{listId}:{end}:{jobId}": profiles imported into this list, and the job in flight.
    private static string State(int offset, string listId, (int End, string JobId)? pending) => pending is { } job
        ? string.Create(CultureInfo.InvariantCulture, $"{offset}:{listId}:{job.End}:{job.JobId}")
        : string.Create(CultureInfo.InvariantCulture, $"{offset}:{listId}");

    /// <summary>The saved progress; anything unreadable, or progress at another list (the old one was gone), starts over.</summary>
    private static (int Offset, (int End, string? JobId)? Pending) ReadState(string? state, string listId, int profiles)
    {
        var parts = state?.Split(':', 4);
        if (parts is not { Length: 2 or 4 } || parts[1] != listId
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset > profiles)
        {
            return (0, null);
        }

        return parts.Length == 4 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var end) && end > offset && end <= profiles && parts[3].Length > 0
            ? (offset, (end, parts[3]))
            : (offset, null);
    }
}
