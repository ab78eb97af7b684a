namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>A bulk profile import job: queued → processing → complete, driven by GETs. Guarded by the store's lock.</summary>
internal sealed class KlaviyoImportJob(string id, DateTimeOffset created, IReadOnlyList<string> listIds, IReadOnlyList<KlaviyoProfileInput> profiles, IReadOnlyList<KlaviyoImportError> errors)
{
    public string Id { get; } = id;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset? Started { get; set; }

    public DateTimeOffset? Completed { get; set; }

    public string Status { get; set; } = "queued";

    public int Polls { get; set; }

    public IReadOnlyList<string> ListIds { get; } = listIds;

    public IReadOnlyList<KlaviyoProfileInput> Profiles { get; } = profiles;

    public IReadOnlyList<KlaviyoImportError> Errors { get; } = errors;

    public List<string> ProfileIds { get; } = [];

    public int TotalCount => Profiles.Count + Errors.Count;

    public bool IsComplete => Status == "complete";

    public int CompletedCount => IsComplete ? Profiles.Count : 0;

    public int FailedCount => IsComplete ? Errors.Count : 0;

    public KlaviyoJobView ToView() => new(Id, Status, TotalCount, CompletedCount, FailedCount, ListIds, Polls);
}
