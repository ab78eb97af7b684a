using System.Text.Json;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Google;

/// <summary>What one finished job did: the people Google refused (partial failure), by reason.</summary>
internal sealed record GoogleJobResult(string Job, int Requests, int Rejected, IReadOnlyDictionary<string, int> Reasons);

/// <summary>
/// Runs one OfflineUserDataJob for a list to its end (providers.md §4.3): <c>:create</c> with the list and consent,
/// <c>:addOperations</c> with partial failure on (a replace puts <c>removeAll</c> first, in the same job, never a
/// <c>remove</c>), <c>:run</c>, then the job's status until SUCCESS or FAILED. Progress is saved after every step, so a
/// retry resumes the same job instead of uploading again.
/// </summary>
internal sealed class GoogleJobRunner(GoogleClient client, ILogger logger)
{
    public async Task<(GoogleJobResult? Result, DeliveryOutcome? Problem)> RunAsync(
        IDeliverySession session, string listId, GoogleRows rows, bool replace, int maxUsers, CancellationToken cancellationToken)
    {
        var settings = client.Settings;
        var plan = rows.Requests(maxUsers);
        var progress = Read(session.SavedState, listId);
        var resumed = progress?.Job is not null;
        if (progress?.Job is null)
        {
            var userList = $"customers/{settings.CustomerId}/userLists/{listId}";
            var job = new GoogleCreateJob(new GoogleNewJob("CUSTOMER_MATCH_USER_LIST", new GoogleCustomerMatchMetadata(
                userList, new GoogleConsent(settings.AdUserDataConsent, settings.AdPersonalizationConsent))));
            var created = await client.PostAsync("offlineUserDataJobs:create", job, GoogleJsonContext.Default.GoogleCreateJob, GoogleJsonContext.Default.GoogleCreatedJob, cancellationToken);
            if (created.Problem is { } problem)
            {
                return (null, created.Codes.Contains("INVALID_USER_LIST_ID") ? new DeliveryOutcome.AudienceGone($"Google no longer has user list {listId}") : problem);
            }

            if (created.Value?.ResourceName is not { Length: > 0 } name)
            {
                return (null, new DeliveryOutcome.Retry("Google created the job but returned no resourceName"));
            }

            progress = new GoogleJobProgress(listId, name, 0, false, 0, new Dictionary<string, int>());
            await SaveAsync(session, progress, cancellationToken);
        }

        var reasons = new Dictionary<string, int>(progress.Reasons ?? new Dictionary<string, int>(), StringComparer.Ordinal);
        for (var r = progress.Requests; r < plan.Count; r++)
        {
            var (start, count) = plan[r];
            var removeAll = replace && r == 0;
            var operations = new List<GoogleJobOperation>(count + 1);
            if (removeAll)
            {
                operations.Add(new GoogleJobOperation(RemoveAll: true));
            }

            for (var i = start; i < start + count; i++)
            {
                operations.Add(new GoogleJobOperation(Create: rows.Users[i]));
            }

            var added = await client.PostAsync(
                $"offlineUserDataJobs/{JobId(progress.Job!)}:addOperations", new GoogleAddOperations(true, operations),
                GoogleJsonContext.Default.GoogleAddOperations, GoogleJsonContext.Default.GoogleAddOperationsAnswer, cancellationToken);
            if (added.Problem is { } problem)
            {
                return (null, problem);
            }

            // Partial failure: each failed operation is one person Google refused; the others are in the job.
            var refused = Refused(added.Value?.PartialFailureError, removeAll ? 1 : 0, count);
            if (refused.RemoveAllFailed)
            {
                return (null, new DeliveryOutcome.Failed("Google refused the removeAll operation of the replace job; nothing was replaced"));
            }

            foreach (var (_, reason) in refused.People)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }

            progress = progress with { Requests = r + 1, Rejected = progress.Rejected + refused.People.Count, Reasons = reasons };
            await SaveAsync(session, progress, cancellationToken);
        }

        if (!progress.Ran)
        {
            // A crash right after :run leaves Ran unsaved: ask the job before running it twice.
            var status = resumed ? await StatusAsync(progress.Job!, cancellationToken) : (Status: "PENDING", FailureReason: null, Problem: null);
            if (status.Problem is { } statusProblem)
            {
                return (null, statusProblem);
            }

            if (status.Status == "PENDING")
            {
                var ran = await client.PostAsync($"offlineUserDataJobs/{JobId(progress.Job!)}:run", new EmptyBody(), GoogleJsonContext.Default.EmptyBody, GoogleJsonContext.Default.GoogleRunAnswer, cancellationToken);
                if (ran.Problem is { } problem)
                {
                    return (null, problem);
                }
            }

            progress = progress with { Ran = true };
            await SaveAsync(session, progress, cancellationToken);
        }

        return await FollowAsync(session, progress, replace, rows.Users.Count, cancellationToken);
    }

    private async Task<(GoogleJobResult? Result, DeliveryOutcome? Problem)> FollowAsync(
        IDeliverySession session, GoogleJobProgress progress, bool replace, int users, CancellationToken cancellationToken)
    {
        var settings = client.Settings;
        for (var poll = 1; poll <= settings.JobMaxPolls; poll++)
        {
            await Task.Delay(settings.JobPollInterval, client.Time, cancellationToken);
            var (status, failure, problem) = await StatusAsync(progress.Job!, cancellationToken);
            if (problem is not null)
            {
                return (null, problem);
            }

            switch (status)
            {
                case "SUCCESS":
                    GoogleLog.JobEnded(logger, settings.Instance, progress.Job!, progress.ListId, status, users, progress.Rejected);
                    return (new GoogleJobResult(progress.Job!, progress.Requests, progress.Rejected, progress.Reasons ?? new Dictionary<string, int>()), null);
                case "FAILED":
                    // Start over with a new job next time: a failed job cannot be run again.
                    await session.SaveStateAsync("{}", cancellationToken);
                    var reason = $"Google job {progress.Job} ended FAILED ({failure ?? "no failure reason"})";
                    if (replace)
                    {
                        GoogleLog.ReplaceFailed(logger, settings.Instance, progress.Job!, progress.ListId, failure ?? "no failure reason");
                        return (null, new DeliveryOutcome.Retry($"REPLACE FAILED AFTER removeAll: {reason}; the list may be empty until the next attempt runs the whole replace again"));
                    }

                    return (null, new DeliveryOutcome.Retry($"{reason}; the next attempt uploads the batch in a new job"));
            }
        }

        return (null, new DeliveryOutcome.Retry($"Google job {progress.Job} was still running after {settings.JobMaxPolls} looks; the next attempt follows it"));
    }

    private async Task<(string? Status, string? FailureReason, DeliveryOutcome? Problem)> StatusAsync(string job, CancellationToken cancellationToken)
    {
        var query = "SELECT offline_user_data_job.resource_name, offline_user_data_job.status, offline_user_data_job.failure_reason "
            + $"FROM offline_user_data_job WHERE offline_user_data_job.resource_name = {GoogleQuery.Quote(job)}";
        var answer = await client.PostAsync("googleAds:search", new GoogleSearchRequest(query), GoogleJsonContext.Default.GoogleSearchRequest, GoogleJsonContext.Default.GoogleSearchResponse, cancellationToken);
        if (answer.Problem is { } problem)
        {
            return (null, null, problem);
        }

        var found = answer.Value?.Results is { Count: > 0 } rows ? rows[0].OfflineUserDataJob : null;
        return found is { Status: { } status }
            ? (status, found.FailureReason, null)
            : (null, null, new DeliveryOutcome.Retry($"Google does not list job {job}"));
    }

    /// <summary>The refused operations of one request mapped back to its people (by operation index), with Google's code as the reason.</summary>
    private static (List<(int Person, string Reason)> People, bool RemoveAllFailed) Refused(GoogleStatus? partial, int offset, int count)
    {
        var people = new Dictionary<int, string>();
        var removeAllFailed = false;
        foreach (var error in (partial?.Details ?? []).SelectMany(d => d.Errors ?? []))
        {
            var index = error.Location?.FieldPathElements?.FirstOrDefault(p => p.FieldName == "operations")?.Index;
            if (index is not int i)
            {
                continue;
            }

            if (i < offset)
            {
                removeAllFailed = true;
                continue;
            }

            var code = error.ErrorCode?.Values.FirstOrDefault() ?? "UNKNOWN";
            if (i - offset < count)
            {
                people.TryAdd(i - offset, "rejected_" + code.ToLowerInvariant());
            }
        }

        return ([.. people.Select(p => (p.Key, p.Value))], removeAllFailed);
    }

    private static string JobId(string resourceName) => resourceName[(resourceName.LastIndexOf('/') + 1)..];

    private static GoogleJobProgress? Read(string? state, string listId)
    {
        if (state is null)
        {
            return null;
        }

        try
        {
            var progress = JsonSerializer.Deserialize(state, GoogleJsonContext.Default.GoogleJobProgress);

            // Progress of a job on another list (the list was gone and made anew) does not apply.
            return progress is not null && progress.ListId == listId ? progress : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task SaveAsync(IDeliverySession session, GoogleJobProgress progress, CancellationToken cancellationToken) =>
        session.SaveStateAsync(JsonSerializer.Serialize(progress, GoogleJsonContext.Default.GoogleJobProgress), cancellationToken);
}
