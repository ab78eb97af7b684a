using System.Globalization;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.TikTok;

/// <summary>
/// TikTok Business API v1.3 segment audiences (providers.md §2). Every answer is judged by the body's <c>code</c>,
/// because TikTok answers HTTP 200 for errors too. The segment API has no replace, so <c>type=primary</c> adds and
/// records its members in the ledger; the last delivery of a complete session deletes the ids of the previous
/// complete session that are not in this one (docs/providers/tiktok.md).
/// </summary>
internal sealed class TikTokProvider(TikTokSettings settings, TikTokClient client, ILogger<TikTokProvider> logger) : IAudienceProvider
{
    private const int PageSize = 100;
    private const string PartnerAudienceType = "Partner Audience";
    private const string OffsetPrefix = "u:";
    private const string EmailType = "EMAIL_SHA256";
    private const string PhoneType = "PHONE_SHA256";
    private static readonly string[] IdSchema = [EmailType, PhoneType];

    private readonly string _advertiserId = settings.AdvertiserId;

    public string Instance => settings.Instance;

    public string Type => "tiktok";

    public ProviderLimits Limits => settings.Limits;

    public async Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var page = 1; ; page++)
        {
            var url = $"dmp/custom_audience/list/?advertiser_id={Uri.EscapeDataString(_advertiserId)}&page={page.ToString(CultureInfo.InvariantCulture)}&page_size={PageSize}";
            var (list, _, problem) = await client.SendAsync(HttpMethod.Get, url, null, TikTokJsonContext.Default.TikTokEnvelopeTikTokAudienceList, cancellationToken);
            if (problem is not null)
            {
                return AudienceResolution.Unavailable(problem);
            }

            // TikTok allows duplicate names; the first match (newest first) is taken. Only a partner audience (one made
            // through the segment API) takes mapped ids, so a customer-file or lookalike audience of the same name is
            // passed over (docs/providers/tiktok.md).
            var match = list?.List?.FirstOrDefault(a => a.AudienceId is not null
                && string.Equals(a.Name, request.AudienceName, StringComparison.Ordinal)
                && string.Equals(a.AudienceType, PartnerAudienceType, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                TikTokLog.AudienceFound(logger, Instance, match.AudienceId!, page);
                return AudienceResolution.Found(match.AudienceId!);
            }

            if (list?.PageInfo is not { } info || page >= info.TotalPage || list.List is not { Count: > 0 })
            {
                break;
            }
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new TikTokCreateRequest(request.AudienceName, _advertiserId, "create"), TikTokJsonContext.Default.TikTokCreateRequest);
        var (created, _, createProblem) = await client.SendAsync(HttpMethod.Post, "segment/audience/", body, TikTokJsonContext.Default.TikTokEnvelopeTikTokCreated, cancellationToken);
        return createProblem is not null ? AudienceResolution.Unavailable(createProblem)
            : created?.AudienceId is { Length: > 0 } id ? Created(id)
            : AudienceResolution.Unavailable(new DeliveryOutcome.Retry("TikTok created the audience but returned no audience_id"));
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var audience = new[] { work.AudienceId };
        var rows = new List<IReadOnlyList<TikTokMappingCell>>(work.Keys.Count);
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var keys in work.Keys)
        {
            var email = TikTokIdentity.EmailSha256(keys, work.Hashes);
            var phone = TikTokIdentity.PhoneSha256(keys, work.Hashes);
            if (email is null && phone is null)
            {
                var reason = keys.IsUsable ? "no_email_or_phone" : "no_identifier";
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }

            rows.Add([Cell(email, audience), Cell(phone, audience)]);
        }

        // Adds are idempotent, but a retry resumes after the users an earlier attempt saved as sent. The offset counts
        // users, not requests, so a MaxUsersPerRequest changed between attempts neither skips nor repeats anyone.
        var size = Limits.MaxUsersPerRequest;
        var done = ReadOffset(work.Session.SavedState, work.AudienceId, rows.Count);
        var requests = 0;
        long partial = 0;
        for (var offset = done; offset < rows.Count; offset += size)
        {
            var chunk = rows.GetRange(offset, Math.Min(size, rows.Count - offset));
            var request = new TikTokMappingRequest([_advertiserId], "add", IdSchema, chunk);
            var body = JsonSerializer.SerializeToUtf8Bytes(request, TikTokJsonContext.Default.TikTokMappingRequest);
            var (_, code, problem) = await client.SendAsync(HttpMethod.Post, "segment/mapping/", body, TikTokJsonContext.Default.TikTokEnvelopeJsonElement, cancellationToken);
            if (problem is not null)
            {
                TikTokLog.RequestNotAccepted(logger, Instance, work.AudienceId, problem.GetType().Name);
                return problem;
            }

            requests++;
            partial += code == TikTokCodes.PartialSuccess ? 1 : 0;
            var sent = offset + chunk.Count;

            // A primary delivery saves its last chunk too: a retry after a failed removal does not add again.
            if (sent < rows.Count || work.Type == AudienceType.Primary)
            {
                await work.Session.SaveStateAsync(string.Create(CultureInfo.InvariantCulture, $"{OffsetPrefix}{sent}:{work.AudienceId}"), cancellationToken);
            }
        }

        TikTokLog.Added(logger, Instance, work.AudienceId, rows.Count - done, requests);
        var platform = new Dictionary<string, long>(StringComparer.Ordinal) { ["requests"] = requests };
        if (partial > 0)
        {
            platform["partial_success_requests"] = partial;
        }

        if (work.Type == AudienceType.Primary && await RemoveLeftMembersAsync(work, rows, platform, cancellationToken) is { } removalProblem)
        {
            return removalProblem;
        }

        return new DeliveryOutcome.Succeeded(new DeliveryCounts(rows.Count, work.Keys.Count - rows.Count, skipped, platform));
    }

    /// <summary>
    /// Records this batch's ids in the ledger; the last open delivery of a complete session then deletes the ids of the
    /// previous complete session that this one lacks, and commits. Deletes are idempotent, so a retry after a failed
    /// delete (or a crash before the commit) simply sends them all again.
    /// </summary>
    private async Task<DeliveryOutcome?> RemoveLeftMembersAsync(
        DeliveryWork work, List<IReadOnlyList<TikTokMappingCell>> rows, Dictionary<string, long> platform, CancellationToken cancellationToken)
    {
        var members = new List<MemberKey>(rows.Count * 2);
        foreach (var row in rows)
        {
            AddKey(members, EmailType, row[0].Id);
            AddKey(members, PhoneType, row[1].Id);
        }

        await work.Session.RecordMembersAsync(members, cancellationToken);
        if (!await work.Session.IsLastOpenDeliveryAsync(cancellationToken))
        {
            return null;
        }

        // A batch that failed was never recorded: removing now would drop its people. The session is left
        // uncommitted, and the next complete session removes against the same baseline.
        if (await work.Session.AnyOtherDeliveryEndedUnsuccessfullyAsync(cancellationToken))
        {
            platform["removal_skipped"] = 1;
            return null;
        }

        var audience = new[] { work.AudienceId };
        var left = await work.Session.LeftSincePreviousSessionAsync(cancellationToken);
        var deletes = left
            .Where(k => k.IdType is EmailType or PhoneType)
            .Select(k => (IReadOnlyList<TikTokMappingCell>)(k.IdType == EmailType ? [Cell(k.Hash, audience), Cell(null, audience)] : [Cell(null, audience), Cell(k.Hash, audience)]))
            .Chunk(Limits.MaxUsersPerRequest)
            .ToList();
        foreach (var chunk in deletes)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new TikTokMappingRequest([_advertiserId], "delete", IdSchema, chunk), TikTokJsonContext.Default.TikTokMappingRequest);
            var (_, _, problem) = await client.SendAsync(HttpMethod.Post, "segment/mapping/", body, TikTokJsonContext.Default.TikTokEnvelopeJsonElement, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
        }

        await work.Session.CommitPrimarySessionAsync(cancellationToken);
        platform["removed"] = left.Count;
        platform["delete_requests"] = deletes.Count;
        return null;
    }

    private AudienceResolution Created(string audienceId)
    {
        TikTokLog.AudienceCreated(logger, Instance, audienceId);
        return AudienceResolution.NewlyCreated(audienceId);
    }

    /// <summary>
    /// Users already sent to this audience by an earlier attempt (<c>u:{offset}:{audienceId}</c>); anything else, or an
    /// offset at an audience that has since been replaced by a new one, starts from the first user.
    /// </summary>
    private static int ReadOffset(string? state, string audienceId, int rows)
    {
        if (state is null || !state.StartsWith(OffsetPrefix, StringComparison.Ordinal))
        {
            return 0;
        }

        var parts = state[OffsetPrefix.Length..].Split(':', 2);
        return parts.Length == 2 && parts[1] == audienceId && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? Math.Min(offset, rows)
            : 0;
    }

    private static void AddKey(List<MemberKey> members, string idType, string? hash)
    {
        if (hash is not null)
        {
            members.Add(new MemberKey(idType, hash));
        }
    }

    private static TikTokMappingCell Cell(string? hash, string[] audience) => hash is null ? new TikTokMappingCell() : new TikTokMappingCell { Id = hash, AudienceIds = audience };
}
