using System.Text.Json;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Klaviyo;

/// <summary>
/// <c>type=primary</c> on Klaviyo, which has no replace: each delivery records its profiles' keys in the ledger (SHA-256
/// of the canonical email, the E.164 phone and the external id; never the values), and the last open delivery of a
/// complete session removes from the list the profiles of the previous complete session that this one lacks.
/// The ledger keeps only digests, and a lookup by email needs the raw address
/// (https://developers.klaviyo.com/en/reference/get_profiles_for_list), so the list's profiles are paged through and
/// hashed with the same rule; the ones to remove go in <c>DELETE /api/lists/{id}/relationships/profiles</c> calls of at
/// most 1,000 ids (https://developers.klaviyo.com/en/reference/remove_profiles_from_list), which leaves consent alone.
/// </summary>
internal sealed class KlaviyoMembership(KlaviyoClient api)
{
    public const string EmailType = "EMAIL";
    public const string PhoneType = "PHONE";
    public const string ExternalIdType = "EXTERNAL_ID";

    private const int MaxRemoveIds = 1_000;
    private const int ProfilePageSize = 100;

    /// <summary>The keys of one uploaded user, hashed from the values the import job sends.</summary>
    public static IEnumerable<MemberKey> Keys(KlaviyoProfile profile, HashCache hashes) =>
        Keys(profile.Attributes.Email, profile.Attributes.PhoneNumber, profile.Attributes.ExternalId, hashes);

    /// <summary>
    /// Records the batch's keys; when this is the last open delivery of a complete session whose deliveries all
    /// succeeded, removes the profiles that left and commits the session. Null when done, else the problem.
    /// </summary>
    public async Task<DeliveryOutcome?> SyncAsync(DeliveryWork work, IReadOnlyList<KlaviyoProfile> profiles, Dictionary<string, long> platform, CancellationToken cancellationToken)
    {
        await work.Session.RecordMembersAsync([.. profiles.SelectMany(p => Keys(p, work.Hashes)).Distinct()], cancellationToken);
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

        var left = (await work.Session.LeftSincePreviousSessionAsync(cancellationToken)).ToHashSet();
        var remove = new List<string>();
        if (left.Count > 0)
        {
            var problem = await FindLeftProfilesAsync(work, left, remove, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
        }

        // Removing a profile that is no longer in the list is harmless, so a retry re-sends every chunk.
        foreach (var chunk in remove.Chunk(MaxRemoveIds))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new KlaviyoProfileIdentifiers([.. chunk.Select(id => new KlaviyoProfileIdentifier("profile", id))]),
                KlaviyoJsonContext.Default.KlaviyoProfileIdentifiers);
            var (_, problem) = await api.SendAsync(
                HttpMethod.Delete, $"lists/{Uri.EscapeDataString(work.AudienceId)}/relationships/profiles", KlaviyoClient.Json(body),
                KlaviyoJsonContext.Default.JsonElement, cancellationToken, listScoped: true);
            if (problem is not null)
            {
                return problem;
            }
        }

        await work.Session.CommitPrimarySessionAsync(cancellationToken);
        platform["removed"] = remove.Count;
        return null;
    }

    /// <summary>
    /// Pages through the list, collecting the profiles that carry a key that left and no key this session recorded
    /// (a profile still on the list under another identifier, say its email after its phone was dropped, stays).
    /// </summary>
    private async Task<DeliveryOutcome?> FindLeftProfilesAsync(DeliveryWork work, HashSet<MemberKey> left, List<string> remove, CancellationToken cancellationToken)
    {
        var hashes = new HashCache();
        string? next = $"lists/{Uri.EscapeDataString(work.AudienceId)}/profiles?page%5Bsize%5D={ProfilePageSize}";
        while (next is not null)
        {
            var (page, problem) = await api.SendAsync(HttpMethod.Get, next, null, KlaviyoJsonContext.Default.KlaviyoDocumentIReadOnlyListKlaviyoResource, cancellationToken, listScoped: true);
            if (problem is not null)
            {
                return problem;
            }

            var candidates = new List<(string Id, List<MemberKey> Keys)>();
            foreach (var profile in page?.Data ?? [])
            {
                var keys = profile.Id is null ? [] : Keys(Text(profile, "email"), Text(profile, "phone_number"), Text(profile, "external_id"), hashes).ToList();
                if (keys.Exists(left.Contains))
                {
                    candidates.Add((profile.Id!, keys));
                }
            }

            if (candidates.Count > 0)
            {
                var kept = await work.Session.RecordedInThisSessionAsync([.. candidates.SelectMany(c => c.Keys).Distinct()], cancellationToken);
                remove.AddRange(candidates.Where(c => !c.Keys.Exists(kept.Contains)).Select(c => c.Id));
            }

            next = page?.Links?.Next;
        }

        return null;
    }

    // The same rule on both sides: the canonical email (trimmed, lower-case), the E.164 phone, the external id as is.
    private static IEnumerable<MemberKey> Keys(string? email, string? phone, string? externalId, HashCache hashes)
    {
        if (email?.Trim().ToLowerInvariant() is { Length: > 0 } canonicalEmail)
        {
            yield return new MemberKey(EmailType, hashes.Sha256Hex(canonicalEmail));
        }

        if (phone?.Trim() is { Length: > 0 } e164)
        {
            yield return new MemberKey(PhoneType, hashes.Sha256Hex(e164));
        }

        if (externalId is { Length: > 0 })
        {
            yield return new MemberKey(ExternalIdType, hashes.Sha256Hex(externalId));
        }
    }

    private static string? Text(KlaviyoResource profile, string name) =>
        profile.Attributes.ValueKind == JsonValueKind.Object && profile.Attributes.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
