using System.Globalization;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.LinkedIn;

/// <summary>
/// LinkedIn Matched Audiences: users streamed into a DMP segment of the sponsored account (providers.md §7,
/// https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-users).
/// Each user is one element keyed by <c>SHA256_EMAIL</c>, with first name, last name and country raw; users without an
/// email are skipped. There is no replace, so <c>type=primary</c> records its members in the ledger and the last
/// delivery of a complete session sends REMOVE for the previous complete session's members it lacks (docs/providers/linkedin.md).
/// </summary>
internal sealed class LinkedInProvider(LinkedInSettings settings, ProviderLimits limits, LinkedInClient client, ILogger logger) : IAudienceProvider
{
    public const string EmailType = "SHA256_EMAIL";
    private const int PageSize = 100;
    private const int MaxPages = 1_000;

    /// <summary>LinkedIn asks for 5 seconds between creating a segment and adding users to it.</summary>
    private static readonly TimeSpan NotReadyWait = TimeSpan.FromSeconds(5);

    public string Instance => settings.Instance;

    public string Type => "linkedin";

    public ProviderLimits Limits => limits;

    public async Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The final name is also the segment's sourceSegmentId, the key LinkedIn indexes for this finder.
        for (var page = 0; page < MaxPages; page++)
        {
            var (found, _, problem) = await client.FindSegmentsAsync(request.AudienceName, page * PageSize, PageSize, cancellationToken);
            if (problem is not null)
            {
                return AudienceResolution.Unavailable(problem);
            }

            var match = found?.Elements?.FirstOrDefault(s => s.Id is not null && s.Type is "USER"
                && (string.Equals(s.SourceSegmentId, request.AudienceName, StringComparison.Ordinal) || string.Equals(s.Name, request.AudienceName, StringComparison.Ordinal)));
            if (match is not null)
            {
                var id = match.Id!.Value.ToString(CultureInfo.InvariantCulture);
                LinkedInLog.SegmentFound(logger, Instance, id);
                return AudienceResolution.Found(id);
            }

            var count = found?.Elements?.Count ?? 0;
            if (count < PageSize || (found?.Paging?.Total is { } total && (page + 1) * PageSize >= total))
            {
                break;
            }
        }

        var segment = new LinkedInNewSegment(
            request.AudienceName, settings.SourcePlatform, request.AudienceName, settings.AccountUrn, "PRIVATE", "USER", [new LinkedInDestination("LINKEDIN")]);
        var (created, _, createProblem) = await client.CreateSegmentAsync(segment, cancellationToken);
        if (createProblem is not null)
        {
            return AudienceResolution.Unavailable(createProblem);
        }

        LinkedInLog.SegmentCreated(logger, Instance, created!);
        return AudienceResolution.NewlyCreated(created!);
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var elements = new List<LinkedInUserElement>(work.Keys.Count);
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var keys in work.Keys)
        {
            // LinkedIn would also take a first and last name alone, but the ledger keeps only digests, so such a
            // member could never be removed from a primary audience: the email is required (docs/providers/linkedin.md).
            if (LinkedInIdentity.Sha256Email(keys, work.Hashes) is not { } email)
            {
                var reason = keys.IsUsable ? "no_email" : "no_identifier";
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }

            elements.Add(new LinkedInUserElement("ADD", [new LinkedInUserId(EmailType, email)])
            {
                FirstName = LinkedInIdentity.FirstName(keys),
                LastName = LinkedInIdentity.LastName(keys),
                Country = LinkedInIdentity.Country(keys),
            });
        }

        // Adds are idempotent, but a retry resumes after the chunks an earlier attempt saved as done.
        var chunks = elements.Chunk(Limits.MaxUsersPerRequest).ToList();
        var done = int.TryParse(work.Session.SavedState, NumberStyles.None, CultureInfo.InvariantCulture, out var saved) ? Math.Min(saved, chunks.Count) : 0;
        var platform = new Dictionary<string, long>(StringComparer.Ordinal) { ["requests"] = chunks.Count - done, ["invalid_elements"] = 0 };
        for (var i = done; i < chunks.Count; i++)
        {
            if (await SendAsync(work.AudienceId, "ADD", chunks[i], platform, cancellationToken) is { } problem)
            {
                return problem;
            }

            // A primary delivery saves its last chunk too: a retry after a failed removal does not add again.
            if (i + 1 < chunks.Count || work.Type == AudienceType.Primary)
            {
                await work.Session.SaveStateAsync((i + 1).ToString(CultureInfo.InvariantCulture), cancellationToken);
            }
        }

        if (work.Type == AudienceType.Primary && await RemoveLeftMembersAsync(work, elements, platform, cancellationToken) is { } removalProblem)
        {
            return removalProblem;
        }

        return new DeliveryOutcome.Succeeded(new DeliveryCounts(elements.Count, work.Keys.Count - elements.Count, skipped, platform));
    }

    /// <summary>
    /// The ledger rule of every platform without a replace: record this batch's keys; the last open delivery of a
    /// complete session removes the previous complete session's keys this one lacks, then commits. REMOVE is
    /// idempotent at LinkedIn (a removed id answers 201 again), so a retry simply sends them all again.
    /// </summary>
    private async Task<DeliveryOutcome?> RemoveLeftMembersAsync(
        DeliveryWork work, List<LinkedInUserElement> elements, Dictionary<string, long> platform, CancellationToken cancellationToken)
    {
        await work.Session.RecordMembersAsync([.. elements.Select(e => new MemberKey(EmailType, e.UserIds[0].IdValue))], cancellationToken);
        if (!await work.Session.IsLastOpenDeliveryAsync(cancellationToken))
        {
            return null;
        }

        // A batch that failed was never recorded: removing now would drop its people. The session stays
        // uncommitted, and the next complete session removes against the same baseline.
        if (await work.Session.AnyOtherDeliveryEndedUnsuccessfullyAsync(cancellationToken))
        {
            platform["removal_skipped"] = 1;
            return null;
        }

        var left = await work.Session.LeftSincePreviousSessionAsync(cancellationToken);
        var removals = left
            .Where(k => k.IdType == EmailType)
            .Select(k => new LinkedInUserElement("REMOVE", [new LinkedInUserId(EmailType, k.Hash)]))
            .Chunk(Limits.MaxUsersPerRequest)
            .ToList();
        foreach (var chunk in removals)
        {
            if (await SendAsync(work.AudienceId, "REMOVE", chunk, platform, cancellationToken) is { } problem)
            {
                return problem;
            }
        }

        await work.Session.CommitPrimarySessionAsync(cancellationToken);
        platform["removed"] = left.Count;
        platform["remove_requests"] = removals.Count;
        return null;
    }

    private async Task<DeliveryOutcome?> SendAsync(
        string segmentId, string action, LinkedInUserElement[] chunk, Dictionary<string, long> platform, CancellationToken cancellationToken)
    {
        var (answer, status, problem) = await client.SendUsersAsync(segmentId, new LinkedInUsersRequest(chunk), cancellationToken);
        if (problem is not null)
        {
            return status == 404 ? await NotReadyOrGoneAsync(segmentId, problem, cancellationToken) : problem;
        }

        var invalid = answer!.Elements?.Count(e => e.Status is < 200 or >= 300) ?? 0;
        platform["invalid_elements"] += invalid;
        LinkedInLog.UsersSent(logger, Instance, segmentId, action, chunk.Length, invalid);
        return null;
    }

    /// <summary>
    /// A 404 on <c>/users</c> right after creation means the segment is not available yet (LinkedIn asks for a few
    /// seconds): a short retry, not a failure. Only when the segment itself is gone does the delivery fail.
    /// </summary>
    private async Task<DeliveryOutcome> NotReadyOrGoneAsync(string segmentId, DeliveryOutcome notFound, CancellationToken cancellationToken)
    {
        var (exists, _, problem) = await client.SegmentExistsAsync(segmentId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!exists)
        {
            return new DeliveryOutcome.Failed($"LinkedIn DMP segment {segmentId} no longer exists (deleted at LinkedIn?): {Reason(notFound)}");
        }

        LinkedInLog.SegmentNotReady(logger, Instance, segmentId);
        return new DeliveryOutcome.Retry($"LinkedIn DMP segment {segmentId} is not ready to take users yet", NotReadyWait, Throttled: true);
    }

    private static string Reason(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Failed f => f.Reason,
        DeliveryOutcome.Retry r => r.Reason,
        _ => outcome.ToString(),
    };
}
