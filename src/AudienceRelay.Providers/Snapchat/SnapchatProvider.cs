using System.Globalization;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Snapchat;

/// <summary>
/// Snap Audience Match (providers.md §5, docs/providers/snapchat.md): a FIRST_PARTY segment of <c>AdAccountId</c>,
/// found by name or created; hashed emails and phones added one schema per request (Snap takes one identifier type per
/// call), at most <see cref="ProviderLimits.MaxUsersPerRequest"/> identifiers each. <c>type=primary</c> records its
/// identifiers in the membership ledger, and the last delivery of a complete session removes those of the previous
/// complete session that this one lacks (the rule TikTok and Klaviyo follow).
/// </summary>
internal sealed class SnapchatProvider(SnapchatSettings settings, SnapchatClient client, ProviderLimits limits, ILogger logger) : IAudienceProvider
{
    public const string EmailSchema = "EMAIL_SHA256";
    public const string PhoneSchema = "PHONE_SHA256";

    private const int PageLimit = 1000;

    public string Instance => settings.Instance;

    public string Type => "snapchat";

    public ProviderLimits Limits => limits;

    public async Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = Uri.EscapeDataString(settings.AdAccountId);
        Uri? page = client.Url($"adaccounts/{account}/segments?limit={PageLimit}");
        for (var number = 1; page is not null; number++)
        {
            var (list, problem) = await client.SendAsync(HttpMethod.Get, page, null, SnapchatJsonContext.Default.SnapSegmentsAnswer, cancellationToken);
            if (problem is not null)
            {
                return AudienceResolution.Unavailable(problem);
            }

            // Snap allows duplicate names; the first FIRST_PARTY match is taken, and the engine remembers it.
            var match = list!.Segments?.Select(s => s.Segment).FirstOrDefault(s =>
                s?.Id is not null && string.Equals(s.Name, request.AudienceName, StringComparison.Ordinal) && s.SourceType is null or "FIRST_PARTY");
            if (match is not null)
            {
                SnapchatLog.SegmentFound(logger, Instance, match.Id!, number);
                return AudienceResolution.Found(match.Id!);
            }

            page = list.Segments is { Count: > 0 } ? client.SameHost(list.Paging?.NextLink) : null;
        }

        var segment = new SnapNewSegment(request.AudienceName, "Kept by AudienceRelay", "FIRST_PARTY", settings.RetentionInDays, settings.AdAccountId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new SnapSegmentsRequest([segment]), SnapchatJsonContext.Default.SnapSegmentsRequest);
        var (created, createProblem) = await client.SendAsync(HttpMethod.Post, client.Url($"adaccounts/{account}/segments"), body, SnapchatJsonContext.Default.SnapSegmentsAnswer, cancellationToken);
        if (createProblem is not null)
        {
            return AudienceResolution.Unavailable(createProblem);
        }

        var item = created!.Segments is { Count: > 0 } items ? items[0] : null;
        if (item?.Segment?.Id is { Length: > 0 } id)
        {
            SnapchatLog.SegmentCreated(logger, Instance, id);
            return AudienceResolution.NewlyCreated(id);
        }

        return AudienceResolution.Unavailable(new DeliveryOutcome.Retry($"Snap did not create the segment ({item?.SubRequestStatus ?? created.RequestStatus ?? "no status"})"));
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var emails = new List<string>(work.Keys.Count);
        var phones = new List<string>();
        var sent = 0;
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var keys in work.Keys)
        {
            var email = SnapchatIdentity.EmailSha256(keys, work.Hashes);
            var phone = SnapchatIdentity.PhoneSha256(keys, work.Hashes);
            if (email is null && phone is null)
            {
                var reason = keys.IsUsable ? "no_email_or_phone" : "no_identifier";
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }

            sent++;
            AddIfPresent(emails, email);
            AddIfPresent(phones, phone);
        }

        var byType = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [EmailSchema] = [.. emails.Distinct(StringComparer.Ordinal)],
            [PhoneSchema] = [.. phones.Distinct(StringComparer.Ordinal)],
        };
        var requests = Requests(byType).ToList();

        // Adds are idempotent, but a retry resumes after the requests an earlier attempt saved as done.
        var done = int.TryParse(work.Session.SavedState, NumberStyles.None, CultureInfo.InvariantCulture, out var saved) ? Math.Min(saved, requests.Count) : 0;
        long uploaded = 0;
        for (var i = done; i < requests.Count; i++)
        {
            var (schema, ids) = requests[i];
            var (answer, problem) = await SendUsersAsync(HttpMethod.Post, work.AudienceId, schema, ids, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            uploaded += answer!.Users?.Sum(u => u.User?.NumberUploadedUsers ?? 0) ?? 0;

            // A primary delivery saves its last request too: a retry after a failed removal does not add again.
            if (i + 1 < requests.Count || work.Type == AudienceType.Primary)
            {
                await work.Session.SaveStateAsync((i + 1).ToString(CultureInfo.InvariantCulture), cancellationToken);
            }
        }

        var platform = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["requests"] = requests.Count - done,
            ["email_identifiers"] = byType[EmailSchema].Count,
            ["phone_identifiers"] = byType[PhoneSchema].Count,
            ["number_uploaded_users"] = uploaded,
        };
        if (work.Type == AudienceType.Primary && await RemoveLeftMembersAsync(work, byType, platform, cancellationToken) is { } removalProblem)
        {
            return removalProblem;
        }

        platform["token_refreshes"] = client.TokenRefreshes;
        return new DeliveryOutcome.Succeeded(new DeliveryCounts(sent, work.Keys.Count - sent, skipped, platform));
    }

    /// <summary>
    /// Records this batch's identifiers in the ledger; the last open delivery of a complete session then removes the
    /// identifiers of the previous complete session that this one lacks, and commits. A failed sibling batch was never
    /// recorded, so nothing is removed and nothing committed (the next complete session removes against the same
    /// baseline). Removals are idempotent, so a retry after a failed removal sends them all again.
    /// </summary>
    private async Task<DeliveryOutcome?> RemoveLeftMembersAsync(
        DeliveryWork work, Dictionary<string, IReadOnlyList<string>> byType, Dictionary<string, long> platform, CancellationToken cancellationToken)
    {
        var members = byType.SelectMany(t => t.Value.Select(hash => new MemberKey(t.Key, hash))).ToList();
        await work.Session.RecordMembersAsync(members, cancellationToken);
        if (!await work.Session.IsLastOpenDeliveryAsync(cancellationToken))
        {
            return null;
        }

        if (await work.Session.AnyOtherDeliveryEndedUnsuccessfullyAsync(cancellationToken))
        {
            platform["removal_skipped"] = 1;
            return null;
        }

        var left = await work.Session.LeftSincePreviousSessionAsync(cancellationToken);
        var leftByType = left
            .Where(k => k.IdType is EmailSchema or PhoneSchema)
            .GroupBy(k => k.IdType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(k => k.Hash)], StringComparer.Ordinal);
        var removals = Requests(leftByType).ToList();
        foreach (var (schema, ids) in removals)
        {
            var (_, problem) = await SendUsersAsync(HttpMethod.Delete, work.AudienceId, schema, ids, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
        }

        await work.Session.CommitPrimarySessionAsync(cancellationToken);
        SnapchatLog.MembersRemoved(logger, Instance, work.AudienceId, left.Count);
        platform["removed"] = left.Count;
        platform["remove_requests"] = removals.Count;
        return null;
    }

    /// <summary>One request per schema and chunk: Snap refuses a request that mixes identifier types.</summary>
    private IEnumerable<(string Schema, string[] Ids)> Requests(IReadOnlyDictionary<string, IReadOnlyList<string>> byType) =>
        new[] { EmailSchema, PhoneSchema }
            .Where(byType.ContainsKey)
            .SelectMany(schema => byType[schema].Chunk(Limits.MaxUsersPerRequest).Select(ids => (schema, ids)));

    private async Task<(SnapUsersAnswer? Answer, DeliveryOutcome? Problem)> SendUsersAsync(
        HttpMethod method, string segmentId, string schema, string[] ids, CancellationToken cancellationToken)
    {
        var group = new SnapUserGroup([schema], [.. ids.Select(id => new[] { id })]) { Id = method == HttpMethod.Delete ? segmentId : null };
        var body = JsonSerializer.SerializeToUtf8Bytes(new SnapUsersRequest([group]), SnapchatJsonContext.Default.SnapUsersRequest);
        var url = client.Url($"segments/{Uri.EscapeDataString(segmentId)}/users");
        var result = await client.SendAsync(method, url, body, SnapchatJsonContext.Default.SnapUsersAnswer, cancellationToken);
        if (result.Problem is null)
        {
            SnapchatLog.UsersSent(logger, Instance, segmentId, method.Method, schema, ids.Length);
        }

        return result;
    }

    private static void AddIfPresent(List<string> list, string? hash)
    {
        if (hash is not null)
        {
            list.Add(hash);
        }
    }
}
