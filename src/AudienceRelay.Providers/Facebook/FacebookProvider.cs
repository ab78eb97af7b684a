using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// One Meta ad account. Audiences are found by exact name (every page of the account's custom audiences) or created
/// as customer-file audiences. A custom batch is added with <c>POST /{audience_id}/users</c> (one Meta session per
/// upload session, <c>batch_seq</c> counted across all requests of all its batches); a primary session replaces the
/// members with <c>POST /{audience_id}/usersreplace</c> once all its batches have arrived (<see cref="FacebookReplace"/>).
/// See docs/providers/facebook.md.
/// </summary>
internal sealed class FacebookProvider(FacebookSettings settings, ProviderLimits limits, FacebookClient graph, ILogger<FacebookProvider> logger)
    : IAudienceProvider
{
    private readonly FacebookReplace _replace = new(settings, limits, graph, logger);

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
        var rows = MetaRows.From(work.Keys, work.Hashes, settings.ValueBased);
        if (work.Type == AudienceType.Primary)
        {
            return await _replace.DeliverAsync(work, rows, cancellationToken);
        }

        // Ingress stores only users with an email, phone or edgeTagId, and each of those fills a Meta column, so a
        // stored batch always has rows. Meta refuses an empty payload, so there would be nothing to send anyway.
        if (rows.Count == 0)
        {
            return Succeeded(rows, received: 0, invalid: 0);
        }

        var progress = UploadProgress.Read(work.Session.SavedState, rows.Count);
        if (progress is null)
        {
            // Reserve this delivery's batch_seq numbers once, and save them before sending anything: a retry reuses
            // them. (/users tracks its session and does not insist on batch_seq 1 first, so a range reserved by an
            // attempt that died before saving only leaves a gap.)
            var size = limits.MaxUsersPerRequest;
            var chunks = rows.Chunks(size);
            var first = await work.Session.ReserveSequenceAsync(chunks, cancellationToken);
            progress = new UploadProgress(first, chunks, size, rows.Count, Sent: 0, Received: 0, Invalid: 0);
            await work.Session.SaveStateAsync(progress.ToJson(), cancellationToken);
            FacebookLog.SequenceReserved(logger, Instance, work.AudienceId, work.Batch.SessionId, first, chunks);
        }

        var sessionId = MetaSessionIds.For(Instance, work.AudienceId, work.Batch.SessionId, generation: 0);
        var url = graph.Url($"{Uri.EscapeDataString(work.AudienceId)}/users");
        for (var chunk = progress.Sent; chunk < progress.Chunks; chunk++)
        {
            var batchSeq = progress.FirstSeq + chunk;

            // Asked at the moment of sending, on every attempt: the session may have completed since the last one.
            var last = chunk == progress.Chunks - 1 && await work.Session.IsLastOpenDeliveryAsync(cancellationToken);
            var body = new UsersBody(
                new UsersPayload(rows.Schema, rows.Chunk(chunk, progress.ChunkSize)),
                new UsersSession(sessionId, batchSeq, last, work.Batch.TotalUsers));
            var answer = await graph.PostAsync(
                url, body, FacebookJsonContext.Default.UsersBody, FacebookJsonContext.Default.UsersAnswer, replaceSession: false, cancellationToken);
            if (answer.Problem is not null)
            {
                return NotAccepted(answer, logger, Instance, work.AudienceId, sessionId, batchSeq);
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

        return Succeeded(rows, progress.Received, progress.Invalid);
    }

    /// <summary>The outcome of a refused upload request; an audience Meta no longer has becomes <see cref="DeliveryOutcome.AudienceGone"/>.</summary>
    internal static DeliveryOutcome NotAccepted<T>(GraphAnswer<T> answer, ILogger logger, string instance, string audienceId, long metaSessionId, long batchSeq)
        where T : class
    {
        FacebookLog.RequestNotAccepted(logger, instance, audienceId, metaSessionId, batchSeq, answer.Problem!.GetType().Name);
        if (answer.AudienceGone)
        {
            FacebookLog.AudienceGone(logger, instance, audienceId);
            return new DeliveryOutcome.AudienceGone(FacebookErrors.Describe(answer.Error!));
        }

        return answer.Problem;
    }

    private AudienceResolution Unavailable(DeliveryOutcome problem)
    {
        FacebookLog.AudienceUnavailable(logger, Instance, problem.GetType().Name);
        return AudienceResolution.Unavailable(problem);
    }

    internal static DeliveryOutcome.Succeeded Succeeded(MetaRows rows, long received, long invalid, Dictionary<string, long>? extra = null)
    {
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        if (rows.Skipped > 0)
        {
            skipped[MetaRows.SkipReason] = rows.Skipped;
        }

        var platform = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["num_received"] = received,
            ["num_invalid_entries"] = invalid,
        };
        foreach (var (key, value) in extra ?? [])
        {
            platform[key] = value;
        }

        return new DeliveryOutcome.Succeeded(new DeliveryCounts(rows.Count, rows.Skipped, skipped, platform));
    }
}
