using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Google;

/// <summary>
/// One Google Ads customer's Customer Match lists (providers.md §4, docs/providers/google.md). A list is found by exact
/// name (GAQL) or created as a CRM-based <c>CONTACT_INFO</c> list. A custom batch is one job of <c>create</c> operations.
/// A primary session is one replace job — <c>removeAll</c>, then every batch's people — run by the session's last open
/// delivery once every batch is here; the session's other deliveries end saying their people go in that job.
/// </summary>
internal sealed class GoogleProvider(GoogleClient client, ProviderLimits limits, ILogger<GoogleProvider> logger) : IAudienceProvider
{
    /// <summary>
    /// How often a primary delivery looks again while its session's batches are still arriving. A look costs no request;
    /// it is short because a wake-up can be missed when a batch arrives while this delivery is being worked, and with
    /// one delivery of a session at a time the session's later deliveries queue behind it.
    /// </summary>
    public static readonly TimeSpan PrimaryRecheck = TimeSpan.FromMinutes(1);

    private const int MaxPages = 100;

    private readonly GoogleJobRunner _jobs = new(client, logger);

    public string Instance => client.Settings.Instance;

    public string Type => "google";

    public ProviderLimits Limits => limits;

    public async Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (found, problem) = await FindAsync(request.AudienceName, cancellationToken);
        if (problem is not null || found is not null)
        {
            return problem is not null ? AudienceResolution.Unavailable(problem) : AudienceResolution.Found(found!);
        }

        var list = new GoogleNewUserList(
            request.AudienceName,
            request.Type == AudienceType.Primary
                ? "AudienceRelay primary list: each complete upload session replaces its members"
                : "AudienceRelay custom list: uploads add members",
            client.Settings.MembershipLifeSpanDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new GoogleCrmList("CONTACT_INFO", "FIRST_PARTY"));
        var created = await client.PostAsync(
            "userLists:mutate", new GoogleUserListMutate([new GoogleUserListOperation(list)]),
            GoogleJsonContext.Default.GoogleUserListMutate, GoogleJsonContext.Default.GoogleMutateResponse, cancellationToken);
        if (created.Problem is { } refused)
        {
            // Google keeps list names unique: another node created it since we looked, so it is found now.
            if (created.Codes.Contains("NAME_ALREADY_USED") && await FindAsync(request.AudienceName, cancellationToken) is ({ } again, null))
            {
                return AudienceResolution.Found(again);
            }

            return AudienceResolution.Unavailable(refused);
        }

        if (created.Value?.Results is not [{ ResourceName: { Length: > 0 } name }, ..])
        {
            return AudienceResolution.Unavailable(new DeliveryOutcome.Retry("Google created the user list but returned no resourceName"));
        }

        var id = name[(name.LastIndexOf('/') + 1)..];
        GoogleLog.ListCreated(logger, Instance, id);
        return AudienceResolution.NewlyCreated(id);
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var rows = new GoogleRows();
        rows.Add(work.Keys, work.Hashes);
        if (work.Type != AudienceType.Primary)
        {
            return rows.Users.Count == 0 ? Succeeded(rows, null, new Dictionary<string, long>()) : await RunAsync(work, rows, replace: false, cancellationToken);
        }

        // removeAll drops everyone not uploaded in the same job: running it before every batch is here would drop the
        // people of a missing batch. So the replace waits for the whole session.
        if (!work.Session.AllBatchesArrived)
        {
            GoogleLog.WaitingForSession(logger, Instance, work.AudienceId, work.Batch.SessionId);
            return new DeliveryOutcome.Wait("waiting for all batches of the primary session; its one replace job runs once they are here", PrimaryRecheck);
        }

        // Deliveries of a session are worked one at a time (OnePerSession), so exactly one of them is the last open one.
        if (!await work.Session.IsLastOpenDeliveryAsync(cancellationToken))
        {
            GoogleLog.DeferredToReplace(logger, Instance, work.Batch.SessionId, work.Batch.Sequence);
            return Succeeded(rows, null, new Dictionary<string, long> { ["users_in_session_replace_job"] = rows.Users.Count }, sent: 0);
        }

        var session = new GoogleRows();
        var batches = 0;
        await foreach (var batch in work.Session.ReadSessionBatchesAsync(cancellationToken))
        {
            session.Add(batch.Keys, batch.Hashes);
            batches++;
        }

        if (batches < work.Batch.TotalBatches)
        {
            return new DeliveryOutcome.Failed($"only {batches} of the session's {work.Batch.TotalBatches} batches could be read; the list was not replaced (a replace without them would drop their people)");
        }

        return await RunAsync(work, session, replace: true, cancellationToken);
    }

    private async Task<DeliveryOutcome> RunAsync(DeliveryWork work, GoogleRows rows, bool replace, CancellationToken cancellationToken)
    {
        var (result, problem) = await _jobs.RunAsync(work.Session, work.AudienceId, rows, replace, limits.MaxUsersPerRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var platform = new Dictionary<string, long> { ["add_operations_requests"] = result!.Requests, ["rejected_by_google"] = result.Rejected };
        if (replace)
        {
            platform["replaced_with_session_users"] = rows.Users.Count - result.Rejected;
        }

        return Succeeded(rows, result, platform);
    }

    private static DeliveryOutcome.Succeeded Succeeded(GoogleRows rows, GoogleJobResult? result, IReadOnlyDictionary<string, long> platform, int? sent = null)
    {
        var skipped = new Dictionary<string, int>(rows.SkippedReasons, StringComparer.Ordinal);
        foreach (var (reason, count) in result?.Reasons ?? new Dictionary<string, int>())
        {
            skipped[reason] = skipped.GetValueOrDefault(reason) + count;
        }

        var rejected = result?.Rejected ?? 0;
        return new DeliveryOutcome.Succeeded(new DeliveryCounts(sent ?? rows.Users.Count - rejected, rows.Skipped + rejected, skipped, platform));
    }

    /// <summary>The id of the list named exactly <paramref name="name"/>, following every page.</summary>
    private async Task<(string? Id, DeliveryOutcome? Problem)> FindAsync(string name, CancellationToken cancellationToken)
    {
        var query = $"SELECT user_list.resource_name, user_list.id, user_list.name FROM user_list WHERE user_list.name = {GoogleQuery.Quote(name)}";
        string? pageToken = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var answer = await client.PostAsync(
                "googleAds:search", new GoogleSearchRequest(query, pageToken), GoogleJsonContext.Default.GoogleSearchRequest, GoogleJsonContext.Default.GoogleSearchResponse, cancellationToken);
            if (answer.Problem is { } problem)
            {
                return (null, problem);
            }

            if (answer.Value?.Results?.Select(r => r.UserList).FirstOrDefault(l => l is { Id.Length: > 0 } && string.Equals(l.Name, name, StringComparison.Ordinal)) is { } list)
            {
                GoogleLog.ListFound(logger, Instance, list.Id!);
                return (list.Id, null);
            }

            if (answer.Value?.NextPageToken is not { Length: > 0 } next)
            {
                return (null, null);
            }

            pageToken = next;
        }

        return (null, new DeliveryOutcome.Failed($"Google listed more than {MaxPages} pages of user lists; stopped looking"));
    }
}
