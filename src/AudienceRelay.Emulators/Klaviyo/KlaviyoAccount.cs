namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// One Klaviyo account (one private API key): its lists, profiles, import jobs and daily list-creation count.
/// Every member is used under the store's lock.
/// </summary>
internal sealed class KlaviyoAccount(string apiKey, int steadyRateLimit)
{
    private readonly Dictionary<string, KlaviyoProfile> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, KlaviyoProfile> _byPhone = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KlaviyoProfile> _byExternalId = new(StringComparer.Ordinal);
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
        var profile = Match(input.Fields.GetValueOrDefault("email"), _byEmail)
            ?? Match(input.Fields.GetValueOrDefault("phone_number"), _byPhone)
            ?? Match(input.Fields.GetValueOrDefault("external_id"), _byExternalId);
        if (profile is null)
        {
            profile = new KlaviyoProfile(KlaviyoIds.NewUlid(now), now);
            Profiles.Add(profile.Id, profile);
        }

        profile.Merge(input, now);
        Index(profile.Email, _byEmail, profile);
        Index(profile.PhoneNumber, _byPhone, profile);
        Index(profile.ExternalId, _byExternalId, profile);
        return profile;
    }

    /// <summary>Completes the job: upserts its valid profiles and adds them to its lists.</summary>
    public void Complete(KlaviyoImportJob job, DateTimeOffset now)
    {
        foreach (var input in job.Profiles)
        {
            var profile = Upsert(input, now);
            job.ProfileIds.Add(profile.Id);
            foreach (var listId in job.ListIds)
            {
                if (Lists.TryGetValue(listId, out var list) && list.Members.TryAdd(profile.Id, now))
                {
                    list.Updated = now;
                }
            }
        }

        job.Status = "complete";
        job.Completed = now;
    }

    private static KlaviyoProfile? Match(string? key, Dictionary<string, KlaviyoProfile> index) =>
        key is not null && index.TryGetValue(key, out var profile) ? profile : null;

    private static void Index(string? key, Dictionary<string, KlaviyoProfile> index, KlaviyoProfile profile)
    {
        // First owner keeps an identifier; peers differ on merging conflicting profiles and Klaviyo does not document it.
        if (key is not null)
        {
            index.TryAdd(key, profile);
        }
    }
}
