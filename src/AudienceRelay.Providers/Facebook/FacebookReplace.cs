using System.Text.Json;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// <c>type=primary</c> on Meta: one <c>/usersreplace</c> session over the whole list
/// (https://developers.facebook.com/docs/marketing-api/reference/custom-audience/usersreplace). A replace drops every
/// member not uploaded in its session, so nothing is sent before every batch of our session has arrived. Then the
/// deliveries of the session run one at a time; each but the last only checks its batch, and the last open one sends
/// every batch of the session (read back in sequence order) as Meta batch_seq 1, 2, … with <c>last_batch_flag</c> on
/// the final request. Its progress (generation, requests accepted, rows per request) is saved after each request, so
/// a retry continues the same Meta session. When Meta no longer knows that session (it never saw batch_seq 1, or it
/// dropped the session after its time-out of about 90 minutes), the replace starts again from the first batch under a
/// new Meta session id (the next generation). See docs/providers/facebook.md.
/// </summary>
internal sealed class FacebookReplace(FacebookSettings settings, ProviderLimits limits, FacebookClient graph, ILogger logger)
{
    /// <summary>How often a primary delivery looks again while its session's batches are still arriving.</summary>
    public static readonly TimeSpan PrimaryRecheck = TimeSpan.FromMinutes(5);

    /// <summary>Why the last delivery of a primary session with a failed batch does not complete the replace.</summary>
    public const string SiblingFailedReason =
        "a batch of this primary session failed at this instance; the replace is not completed, the audience keeps its previous members";

    // Fresh sessions tried within one attempt; past that Meta refuses even a new session, and the queue's backoff decides.
    private const int MaxRestarts = 2;

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, MetaRows rows, CancellationToken cancellationToken)
    {
        if (!work.Session.AllBatchesArrived)
        {
            FacebookLog.WaitingForSession(logger, settings.Instance, work.AudienceId, work.Batch.SessionId);
            return new DeliveryOutcome.Wait("waiting for all batches of the primary session", PrimaryRecheck);
        }

        // A batch of this replace failed: completing the replace would drop its people, so nothing is sent.
        if (await work.Session.AnyOtherDeliveryEndedUnsuccessfullyAsync(cancellationToken))
        {
            FacebookLog.ReplaceAbandoned(logger, settings.Instance, work.AudienceId, work.Batch.SessionId);
            return new DeliveryOutcome.Failed(SiblingFailedReason);
        }

        if (!await work.Session.IsLastOpenDeliveryAsync(cancellationToken))
        {
            FacebookLog.ReplaceStaged(logger, settings.Instance, work.AudienceId, work.Batch.SessionId, rows.Count);
            return FacebookProvider.Succeeded(rows, 0, 0, new Dictionary<string, long>(StringComparer.Ordinal) { ["staged_for_replace"] = rows.Count });
        }

        var progress = ReplaceProgress.Read(work.Session.SavedState, work.AudienceId);

        // A newer primary session of the audience has begun here: replacing now would put this older list back over
        // it (docs/delivery.md, "Overlapping primary sessions"). A replace already under way is finished instead, as
        // an unfinished one would keep the audience busy for every later session until Meta times it out.
        if (progress is not { Sent: > 0 } && await work.Session.IsSupersededAsync(cancellationToken))
        {
            FacebookLog.ReplaceSuperseded(logger, settings.Instance, work.AudienceId, work.Batch.SessionId);
            return FacebookProvider.Succeeded(rows, 0, 0, new Dictionary<string, long>(StringComparer.Ordinal) { ["superseded_not_replaced"] = 1 });
        }

        if (progress is null)
        {
            progress = ReplaceProgress.Start(work.AudienceId, 1, limits.MaxUsersPerRequest);
            await work.Session.SaveStateAsync(progress.ToJson(), cancellationToken);
        }

        for (var restarts = 0; ; restarts++)
        {
            var (problem, abandoned, sent) = await SendAsync(work, progress, cancellationToken);
            if (problem is null)
            {
                return FacebookProvider.Succeeded(rows, sent.Received, sent.Invalid, new Dictionary<string, long>(StringComparer.Ordinal)
                {
                    ["replace_requests"] = sent.Sent,
                    ["replace_generation"] = sent.Generation,
                });
            }

            if (!abandoned || restarts == MaxRestarts)
            {
                return problem;
            }

            progress = ReplaceProgress.Start(work.AudienceId, progress.Generation + 1, limits.MaxUsersPerRequest);
            await work.Session.SaveStateAsync(progress.ToJson(), cancellationToken);
            FacebookLog.ReplaceRestarted(logger, settings.Instance, work.AudienceId, work.Batch.SessionId, progress.Generation);
        }
    }

    /// <summary>
    /// Sends the session's requests from <see cref="ReplaceProgress.Sent"/> on, one request behind the reading, so the
    /// final one is known when it goes and carries the flag.
    /// </summary>
    private async Task<(DeliveryOutcome? Problem, bool Abandoned, ReplaceProgress Progress)> SendAsync(
        DeliveryWork work, ReplaceProgress progress, CancellationToken cancellationToken)
    {
        var sessionId = MetaSessionIds.For(settings.Instance, work.AudienceId, work.Batch.SessionId, progress.Generation);
        var url = graph.Url($"{Uri.EscapeDataString(work.AudienceId)}/usersreplace");
        var batches = 0;
        var index = 0;
        UsersPayload? held = null;
        await foreach (var batch in work.Session.ReadSessionBatchesAsync(cancellationToken))
        {
            batches++;
            var rows = MetaRows.From(batch.Keys, batch.Hashes, settings.ValueBased);
            for (var chunk = 0; chunk < rows.Chunks(progress.ChunkSize); chunk++, index++)
            {
                if (held is not null && index - 1 >= progress.Sent)
                {
                    var (problem, abandoned, next) = await SendOneAsync(work, url, sessionId, held, index, last: false, progress, cancellationToken);
                    if (problem is not null)
                    {
                        return (problem, abandoned, progress);
                    }

                    progress = next;
                }

                held = new UsersPayload(rows.Schema, rows.Chunk(chunk, progress.ChunkSize));
            }
        }

        // Every payload of a primary session is kept until no delivery of it is open; one missing means it was purged
        // anyway, and a replace without it would drop its people.
        if (batches < work.Batch.TotalBatches)
        {
            return (new DeliveryOutcome.Failed($"only {batches} of the {work.Batch.TotalBatches} batches of this primary session are still stored; the replace is not completed"), false, progress);
        }

        if (held is null || index - 1 < progress.Sent)
        {
            return (null, false, progress);
        }

        var (finalProblem, finalAbandoned, done) = await SendOneAsync(work, url, sessionId, held, index, last: true, progress, cancellationToken);
        return (finalProblem, finalAbandoned, finalProblem is null ? done : progress);
    }

    private async Task<(DeliveryOutcome? Problem, bool Abandoned, ReplaceProgress Progress)> SendOneAsync(
        DeliveryWork work, Uri url, long sessionId, UsersPayload payload, long batchSeq, bool last, ReplaceProgress progress, CancellationToken cancellationToken)
    {
        var body = new UsersBody(payload, new UsersSession(sessionId, batchSeq, last, work.Batch.TotalUsers));
        var answer = await graph.PostAsync(url, body, FacebookJsonContext.Default.UsersBody, FacebookJsonContext.Default.UsersAnswer, replaceSession: true, cancellationToken);
        if (answer.Problem is not null)
        {
            return (FacebookProvider.NotAccepted(answer, logger, settings.Instance, work.AudienceId, sessionId, batchSeq), answer.ReplaceAbandoned, progress);
        }

        var next = progress with
        {
            Sent = (int)batchSeq,
            Received = progress.Received + answer.Value!.NumReceived,
            Invalid = progress.Invalid + answer.Value.NumInvalidEntries,
        };
        await work.Session.SaveStateAsync(next.ToJson(), cancellationToken);
        FacebookLog.RequestAccepted(logger, settings.Instance, work.AudienceId, sessionId, batchSeq, answer.Value.NumReceived, answer.Value.NumInvalidEntries, last);
        return (null, false, next);
    }
}

/// <summary>
/// What the last delivery of a primary session saves after each accepted <c>/usersreplace</c> request: the audience, the generation
/// (which Meta session id), the rows per request it cuts with (kept across attempts, so a changed MaxUsersPerRequest
/// cannot shift the cut), the requests Meta accepted, and Meta's counts. Ids and counts only.
/// </summary>
internal sealed record ReplaceProgress(string AudienceId, int Generation, int ChunkSize, int Sent, long Received, long Invalid)
{
    public const int CurrentVersion = 2;

    public int Version { get; init; } = CurrentVersion;

    public static ReplaceProgress Start(string audienceId, int generation, int chunkSize) => new(audienceId, generation, chunkSize, 0, 0, 0);

    public string ToJson() => JsonSerializer.Serialize(this, FacebookJsonContext.Default.ReplaceProgress);

    public static ReplaceProgress? Read(string? saved, string audienceId)
    {
        if (string.IsNullOrEmpty(saved))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(saved, FacebookJsonContext.Default.ReplaceProgress) is { Version: CurrentVersion, Generation: >= 1, ChunkSize: >= 1, Sent: >= 0 } progress && progress.AudienceId == audienceId
                ? progress
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
