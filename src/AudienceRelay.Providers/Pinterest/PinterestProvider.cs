using System.Globalization;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Logging;

namespace AudienceRelay.Providers.Pinterest;

/// <summary>
/// Pinterest customer lists (providers.md §6, docs/providers/pinterest.md): the list of <c>AdAccountId</c> is found by
/// name (paged: Pinterest has no name filter) or created, and the CUSTOMER_LIST audience that makes it targetable is
/// built from it once. Records are one comma-separated string of lower-case SHA-256 emails, sent with ADD; primary
/// audiences REMOVE the records that left since the previous complete session (the ledger rule of TikTok and Klaviyo).
/// A list below Pinterest's 100 matched accounts is reported in the delivery's platform counts.
/// </summary>
internal sealed class PinterestProvider(PinterestSettings settings, PinterestClient client, ProviderLimits limits, ILogger logger) : IAudienceProvider
{
    public const string EmailKey = "EMAIL_SHA256";

    /// <summary>"the list must include at least 100 Pinterest accounts" (customer_lists/create); status TOO_SMALL below it.</summary>
    public const int MinimumAccounts = 100;

    private const int PageSize = 250;

    public string Instance => settings.Instance;

    public string Type => "pinterest";

    public ProviderLimits Limits => limits;

    private string Account => Uri.EscapeDataString(settings.AdAccountId);

    public async Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (list, created, problem) = await FindOrCreateListAsync(request.AudienceName, cancellationToken);
        if (problem is not null)
        {
            return AudienceResolution.Unavailable(problem);
        }

        // The engine calls this once per name under its lock; a list found without its audience (a crash between the
        // two creates) gets it now, so the audience is built exactly once.
        if (await EnsureAudienceAsync(request.AudienceName, list!, lookFirst: !created, cancellationToken) is { } audienceProblem)
        {
            return AudienceResolution.Unavailable(audienceProblem);
        }

        return created ? AudienceResolution.NewlyCreated(list!) : AudienceResolution.Found(list!);
    }

    public async Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var records = new List<string>(work.Keys.Count);
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var keys in work.Keys)
        {
            if (PinterestIdentity.EmailSha256(keys, work.Hashes) is { } email)
            {
                records.Add(email);
                continue;
            }

            var reason = keys.IsUsable ? "no_email" : "no_identifier";
            skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
        }

        var distinct = records.Distinct(StringComparer.Ordinal).ToList();
        var chunks = distinct.Chunk(Limits.MaxUsersPerRequest).ToList();
        var done = int.TryParse(work.Session.SavedState, NumberStyles.None, CultureInfo.InvariantCulture, out var saved) ? Math.Min(saved, chunks.Count) : 0;
        var platform = new Dictionary<string, long>(StringComparer.Ordinal) { ["requests"] = chunks.Count - done, ["records"] = distinct.Count };
        PinterestCustomerList? last = null;
        for (var i = done; i < chunks.Count; i++)
        {
            var (answer, problem) = await UpdateAsync(work.AudienceId, "ADD", chunks[i], cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            last = answer;
            if (i + 1 < chunks.Count || work.Type == AudienceType.Primary)
            {
                await work.Session.SaveStateAsync((i + 1).ToString(CultureInfo.InvariantCulture), cancellationToken);
            }
        }

        if (work.Type == AudienceType.Primary)
        {
            var (removed, removalProblem) = await RemoveLeftMembersAsync(work, distinct, platform, cancellationToken);
            if (removalProblem is not null)
            {
                return removalProblem;
            }

            last = removed ?? last;
        }

        Report(work.AudienceId, last, platform);
        platform["token_refreshes"] = client.TokenRefreshes;
        return new DeliveryOutcome.Succeeded(new DeliveryCounts(records.Count, work.Keys.Count - records.Count, skipped, platform));
    }

    /// <summary>The list's own counters and, below the minimum, <c>list_too_small</c> so the delivery status says why ads cannot use it yet.</summary>
    private void Report(string listId, PinterestCustomerList? list, Dictionary<string, long> platform)
    {
        if (list is null)
        {
            return;
        }

        platform["num_uploaded_user_records"] = list.NumUploadedUserRecords ?? 0;
        platform["num_removed_user_records"] = list.NumRemovedUserRecords ?? 0;
        if (string.Equals(list.Status, "TOO_SMALL", StringComparison.Ordinal))
        {
            platform["list_too_small"] = 1;
            platform["list_minimum_accounts"] = MinimumAccounts;
            PinterestLog.ListTooSmall(logger, Instance, listId, MinimumAccounts);
        }
    }

    private async Task<(PinterestCustomerList? Last, DeliveryOutcome? Problem)> RemoveLeftMembersAsync(
        DeliveryWork work, List<string> records, Dictionary<string, long> platform, CancellationToken cancellationToken)
    {
        await work.Session.RecordMembersAsync([.. records.Select(r => new MemberKey(EmailKey, r))], cancellationToken);
        if (!await work.Session.IsLastOpenDeliveryAsync(cancellationToken))
        {
            return (null, null);
        }

        // A batch that failed was never recorded: removing now would drop its people. Nothing is committed either.
        if (await work.Session.AnyOtherDeliveryEndedUnsuccessfullyAsync(cancellationToken))
        {
            platform["removal_skipped"] = 1;
            return (null, null);
        }

        var left = (await work.Session.LeftSincePreviousSessionAsync(cancellationToken)).Where(k => k.IdType == EmailKey).Select(k => k.Hash).ToList();
        PinterestCustomerList? last = null;
        var chunks = left.Chunk(Limits.MaxUsersPerRequest).ToList();
        foreach (var chunk in chunks)
        {
            var (answer, problem) = await UpdateAsync(work.AudienceId, "REMOVE", chunk, cancellationToken);
            if (problem is not null)
            {
                return (null, problem);
            }

            last = answer;
        }

        await work.Session.CommitPrimarySessionAsync(cancellationToken);
        PinterestLog.MembersRemoved(logger, Instance, work.AudienceId, left.Count);
        platform["removed"] = left.Count;
        platform["remove_requests"] = chunks.Count;
        return (last, null);
    }

    private Task<(PinterestCustomerList? Data, DeliveryOutcome? Problem)> UpdateAsync(string listId, string operation, string[] records, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new PinterestListUpdate(operation, string.Join(',', records)), PinterestJsonContext.Default.PinterestListUpdate);
        var url = client.Url($"ad_accounts/{Account}/customer_lists/{Uri.EscapeDataString(listId)}");
        return client.SendAsync(HttpMethod.Patch, url, body, PinterestJsonContext.Default.PinterestCustomerList, cancellationToken);
    }

    private async Task<(string? ListId, bool Created, DeliveryOutcome? Problem)> FindOrCreateListAsync(string name, CancellationToken cancellationToken)
    {
        string? bookmark = null;
        for (var page = 1; ; page++)
        {
            var (lists, problem) = await client.SendAsync(HttpMethod.Get, PageUrl("customer_lists", bookmark), null, PinterestJsonContext.Default.PinterestPagePinterestCustomerList, cancellationToken);
            if (problem is not null)
            {
                return (null, false, problem);
            }

            // Pinterest allows duplicate names; the first match is taken, and the engine remembers it.
            if (lists!.Items?.FirstOrDefault(l => l.Id is not null && string.Equals(l.Name, name, StringComparison.Ordinal)) is { } match)
            {
                PinterestLog.ListFound(logger, Instance, match.Id!, page);
                return (match.Id, false, null);
            }

            bookmark = lists.Bookmark;
            if (string.IsNullOrEmpty(bookmark) || lists.Items is not { Count: > 0 })
            {
                break;
            }
        }

        // Created empty: the records arrive with the deliveries (an ADD each), which the create call cannot wait for.
        var body = JsonSerializer.SerializeToUtf8Bytes(new PinterestListCreate(name, string.Empty, "EMAIL"), PinterestJsonContext.Default.PinterestListCreate);
        var (created, createProblem) = await client.SendAsync(HttpMethod.Post, client.Url($"ad_accounts/{Account}/customer_lists"), body, PinterestJsonContext.Default.PinterestCustomerList, cancellationToken);
        if (createProblem is not null)
        {
            return (null, false, createProblem);
        }

        if (created?.Id is not { Length: > 0 } id)
        {
            return (null, false, new DeliveryOutcome.Retry("Pinterest created the customer list but returned no id"));
        }

        PinterestLog.ListCreated(logger, Instance, id);
        return (id, true, null);
    }

    private async Task<DeliveryOutcome?> EnsureAudienceAsync(string name, string listId, bool lookFirst, CancellationToken cancellationToken)
    {
        for (string? bookmark = null; lookFirst;)
        {
            var (audiences, problem) = await client.SendAsync(HttpMethod.Get, PageUrl("audiences", bookmark), null, PinterestJsonContext.Default.PinterestPagePinterestAudience, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (audiences!.Items?.Any(a => a.AudienceType == "CUSTOMER_LIST" && a.Rule?.CustomerListId == listId) == true)
            {
                return null;
            }

            bookmark = audiences.Bookmark;
            lookFirst = !string.IsNullOrEmpty(bookmark) && audiences.Items is { Count: > 0 };
        }

        var request = new PinterestAudienceCreate(settings.AdAccountId, name, new PinterestRule(listId), "CUSTOMER_LIST", "Kept by AudienceRelay");
        var body = JsonSerializer.SerializeToUtf8Bytes(request, PinterestJsonContext.Default.PinterestAudienceCreate);
        var (audience, createProblem) = await client.SendAsync(HttpMethod.Post, client.Url($"ad_accounts/{Account}/audiences"), body, PinterestJsonContext.Default.PinterestAudience, cancellationToken);
        if (createProblem is not null)
        {
            return createProblem;
        }

        PinterestLog.AudienceCreated(logger, Instance, audience!.Id ?? "?", listId);
        return null;
    }

    private Uri PageUrl(string collection, string? bookmark) =>
        client.Url($"ad_accounts/{Account}/{collection}?page_size={PageSize}" + (bookmark is null ? string.Empty : "&bookmark=" + Uri.EscapeDataString(bookmark)));
}
