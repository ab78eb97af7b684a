using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// One Klaviyo account (one private API key): its lists, profiles, import jobs and daily list-creation count.
/// Every member is used under the store's lock. The profiles are found by email, phone number or external id through
/// packed keys (the profile keeps its attributes packed, so a string key would be one more copy of each).
/// </summary>
internal sealed class KlaviyoAccount(string apiKey, int steadyRateLimit)
{
    private readonly Dictionary<PackedKey, KlaviyoProfile> _byEmail = [];
    private readonly Dictionary<PackedKey, KlaviyoProfile> _byPhone = [];
    private readonly Dictionary<PackedKey, KlaviyoProfile> _byExternalId = [];
    private DateOnly _creationDay;
    private int _createdOnDay;

    public string ApiKey { get; } = apiKey;

    public OrderedDictionary<string, KlaviyoList> Lists { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, KlaviyoProfile> Profiles { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, KlaviyoImportJob> Jobs { get; } = new(StringComparer.Ordinal);

    public KlaviyoRateWindow Rate { get; } = new(steadyRateLimit);

    /// <summary>Counts one list creation against the UTC day's cap; false when the cap is reached.</summary>
    public bool TryCountListCreation(DateTimeOffset now, int dailyLimit)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (day != _creationDay)
        {
            _creationDay = day;
            _createdOnDay = 0;
        }

        if (_createdOnDay >= dailyLimit)
        {
            return false;
        }

        _createdOnDay++;
        return true;
    }

    /// <summary>
    /// Creates or updates the profile, matched by email (case-insensitive), then phone number, then external id
    /// (https://developers.klaviyo.com/en/docs/use_klaviyos_bulk_profile_import_api: the import is an upsert).
    /// </summary>
    public KlaviyoProfile Upsert(KlaviyoProfileInput input, DateTimeOffset now)
    {
        var profile = Match(EmailKey(input.Field("email")), _byEmail)
            ?? Match(Key(input.Field("phone_number")), _byPhone)
            ?? Match(Key(input.Field("external_id")), _byExternalId);
        if (profile is null)
        {
            profile = new KlaviyoProfile(KlaviyoIds.NewUlid(now), now, input.Packed);
            Profiles.Add(profile.Id, profile);
        }
        else
        {
            profile.Merge(input, now);
        }

        Index(EmailKey(profile.Email), _byEmail, profile);
        Index(Key(profile.PhoneNumber), _byPhone, profile);
        Index(Key(profile.ExternalId), _byExternalId, profile);
        return profile;
    }

    /// <summary>Completes the job: upserts its valid profiles and adds them to its lists; the job keeps only their count.</summary>
    public void Complete(KlaviyoImportJob job, DateTimeOffset now)
    {
        foreach (var input in job.Pending)
        {
            var profile = Upsert(input, now);
            foreach (var listId in job.ListIds)
            {
                if (Lists.TryGetValue(listId, out var list) && list.Members.TryAdd(profile.Id, now))
                {
                    list.Updated = now;
                }
            }
        }

        job.DropPending();
        job.Status = "complete";
        job.Completed = now;
    }

    /// <summary>Emails match case-insensitively (ordinal): the key is the upper-case form.</summary>
    private static PackedKey? EmailKey(string? email) => Key(email?.ToUpperInvariant());

    private static PackedKey? Key(string? value) => value is null ? null : PackedKey.Of(value);

    private static KlaviyoProfile? Match(PackedKey? key, Dictionary<PackedKey, KlaviyoProfile> index) =>
        key is { } k && index.TryGetValue(k, out var profile) ? profile : null;

    private static void Index(PackedKey? key, Dictionary<PackedKey, KlaviyoProfile> index, KlaviyoProfile profile)
    {
        // First owner keeps an identifier; peers differ on merging conflicting profiles and Klaviyo does not document it.
        if (key is { } k)
        {
            index.TryAdd(k, profile);
        }
    }
}
