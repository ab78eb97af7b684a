using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// One Meta ad account. Audiences are found by exact name (every page of the account's custom audiences) or created
/// as customer-file audiences. A custom batch is added with <c>POST /{audience_id}/users</c>; a primary session
/// replaces the members with <c>POST /{audience_id}/usersreplace</c> once all its batches have arrived. Both send
/// one Meta session per upload session, <c>batch_seq</c> counted across all requests of all its batches.
/// See docs/providers/facebook.md.
/// </summary>
internal sealed class FacebookProvider(FacebookSettings settings, ProviderLimits limits, GraphClient graph, ILogger<FacebookProvider> logger)
    : IAudienceProvider
{
    /// <summary>How often a primary delivery looks again while its session's batches are still arriving.</summary>
    public static readonly TimeSpan PrimaryRecheck = TimeSpan.FromMinutes(5);

    /// <summary>Why the last delivery of a primary session with a failed batch does not complete the replace.</summary>
    public const string SiblingFailedReason =
        "a batch of this primary session failed at this instance; the replace is not completed, the audience keeps its previous members";

    // 200 audiences a page: far beyond what one ad account holds, and a guard against a paging loop.
    private const int MaxPages = 1_000;

    public string Instance => settings.Instance;

    public string Type => "facebook";

    public ProviderLimits Limits => limits;

    public async Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = "act_" + settings.AdAccountId;

        // Graph has no lookup by name: list the account's audiences and compare client-side, following every page.
        var url = graph.Url($"{account}/customaudiences", "fields=id,name&limit=200");
        for (var page = 1; ; page++)
        {
            var answer = await graph.GetAsync(url, FacebookJsonContext.Default.AudiencePage, cancellationToken);
            if (answer.Problem is { } problem)
            {
                return Unavailable(problem);
            }

            foreach (var item in answer.Value!.Data ?? [])
            {
                if (item.Id is { Length: > 0 } id && string.Equals(item.Name, request.AudienceName, StringComparison.Ordinal))
                {
                    FacebookLog.AudienceFound(logger, Instance, id, page);
                    return AudienceResolution.Found(id);
                }
            }

            if (answer.Value.Paging?.Next is not { Length: > 0 } next)
            {
                break;
            }

            if (page == MaxPages || graph.Follow(next) is not { } following)
            {
                return Unavailable(new DeliveryOutcome.Failed(page == MaxPages
                    ? $"Meta listed more than {MaxPages} pages of custom audiences; stopped looking"
                    : "Meta's paging.next link points at another host than BaseUrl; the token is not sent there"));
            }

            url = following;
        }

        var body = new NewAudience(
            request.AudienceName,
            "CUSTOM",
            settings.CustomerFileSource,
            request.Type == AudienceType.Primary
                ? "AudienceRelay primary list: each complete upload session replaces its members"
                : "AudienceRelay custom audience: uploads add members",
            settings.ValueBased ? true : null);
        var created = await graph.PostAsync(
            graph.Url($"{account}/customaudiences"), body, FacebookJsonContext.Default.NewAudience, FacebookJsonContext.Default.NewAudienceAnswer,
            replaceSession: false, cancellationToken);
        if (created.Problem is { } refused)
        {
            return Unavailable(refused);
        }

        if (created.Value!.Id is not { Length: > 0 } newId)
        {
            return Unavailable(new DeliveryOutcome.Retry("Meta created the audience but returned no id"));
        }

        FacebookLog.AudienceCreated(logger, Instance, newId);
        return AudienceResolution.NewlyCreated(newId);
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var replace = work.Type == AudienceType.Primary;

        // A replace removes every member that is not uploaded in its session: opening one before every batch is
        // here could drop the people of a missing batch. So a primary delivery waits for the whole session.
        if (replace && !work.Session.AllBatchesArrived)
        {
            FacebookLog.WaitingForSession(logger, Instance, work.AudienceId, work.Batch.SessionId);
            return new DeliveryOutcome.Wait("waiting for all batches of the primary session", PrimaryRecheck);
        }

        // A batch of this replace already failed: the replace can never complete (see below), so nothing more is staged.
        if (replace && await work.Session.AnyOtherDeliveryEndedUnsuccessfullyAsync(cancellationToken))
        {
            FacebookLog.ReplaceAbandoned(logger, Instance, work.AudienceId, work.Batch.SessionId);
            return new DeliveryOutcome.Failed(SiblingFailedReason);
        }

        var rows = MetaRows.From(work, settings.ValueBased);

        // Ingress stores only users with an email, phone or edgeTagId, and each of those fills a Meta column, so a
        // stored batch always has rows. Meta refuses an empty payload, so there would be nothing to send anyway.
        if (rows.Count == 0)
        {
            return Succeeded(rows, null);
        }

        var progress = UploadProgress.Read(work.Session.SavedState, rows.Count);
        if (progress is null)
        {
            // Reserve this delivery's batch_seq numbers once, and save them before sending anything: a retry reuses them.
            var size = limits.MaxUsersPerRequest;
            var chunks = (rows.Count + size - 1) / size;
            var first = await work.Session.ReserveSequenceAsync(chunks, cancellationToken);
            progress = new UploadProgress(first, chunks, size, rows.Count, Sent: 0, Received: 0, Invalid: 0);
            await work.Session.SaveStateAsync(progress.ToJson(), cancellationToken);
            FacebookLog.SequenceReserved(logger, Instance, work.AudienceId, work.Batch.SessionId, first, chunks);
        }

        var sessionId = MetaSessionIds.For(work.Batch.SessionId, work.AudienceId);
        var url = graph.Url($"{Uri.EscapeDataString(work.AudienceId)}/{(replace ? "usersreplace" : "users")}");
        for (var chunk = progress.Sent; chunk < progress.Chunks; chunk++)
        {
            var batchSeq = progress.FirstSeq + chunk;

            // Asked at the moment of sending, on every attempt: the session may have completed since the last one.
            var last = chunk == progress.Chunks - 1 && await work.Session.IsLastOpenDeliveryAsync(cancellationToken);

            // A replace must not complete without one of its batches: that batch's people would be dropped from
            // the audience. So the flag is never sent, and Meta discards the staged replace after its time-out.
            if (last && replace && await work.Session.AnyOtherDeliveryEndedUnsuccessfullyAsync(cancellationToken))
            {
                FacebookLog.ReplaceAbandoned(logger, Instance, work.AudienceId, work.Batch.SessionId);
                return new DeliveryOutcome.Failed(SiblingFailedReason);
            }

            var body = new UsersBody(
                new UsersPayload(rows.Schema, rows.Chunk(chunk, progress.ChunkSize)),
                new UsersSession(sessionId, batchSeq, last, work.Batch.TotalUsers));
            var answer = await graph.PostAsync(
                url, body, FacebookJsonContext.Default.UsersBody, FacebookJsonContext.Default.UsersAnswer, replace, cancellationToken);
            if (answer.Problem is { } problem)
            {
                FacebookLog.RequestNotAccepted(logger, Instance, work.AudienceId, sessionId, batchSeq, problem.GetType().Name);
                return problem;
            }

            progress = progress with
            {
                Sent = chunk + 1,
                Received = progress.Received + answer.Value!.NumReceived,
                Invalid = progress.Invalid + answer.Value.NumInvalidEntries,
            };
            await work.Session.SaveStateAsync(progress.ToJson(), cancellationToken);
            FacebookLog.RequestAccepted(logger, Instance, work.AudienceId, sessionId, batchSeq, answer.Value.NumReceived, answer.Value.NumInvalidEntries, last);
        }

        return Succeeded(rows, progress);
    }

    private AudienceResolution Unavailable(DeliveryOutcome problem)
    {
        FacebookLog.AudienceUnavailable(logger, Instance, problem.GetType().Name);
        return AudienceResolution.Unavailable(problem);
    }

    private static DeliveryOutcome.Succeeded Succeeded(MetaRows rows, UploadProgress? progress)
    {
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        if (rows.Skipped > 0)
        {
            skipped[MetaRows.SkipReason] = rows.Skipped;
        }

        var platform = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["num_received"] = progress?.Received ?? 0,
            ["num_invalid_entries"] = progress?.Invalid ?? 0,
        };
        return new DeliveryOutcome.Succeeded(new DeliveryCounts(rows.Count, rows.Skipped, skipped, platform));
    }
}
