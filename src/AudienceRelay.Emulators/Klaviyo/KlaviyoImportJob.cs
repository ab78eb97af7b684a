namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// A bulk profile import job: queued → processing → complete, driven by GETs. Its profiles wait in <see cref="Pending"/>
/// until it completes; then only their count stays (they are the account's profiles by then). Guarded by the store's lock.
/// </summary>
internal sealed class KlaviyoImportJob(string id, DateTimeOffset created, IReadOnlyList<string> listIds, IReadOnlyList<KlaviyoProfileInput> profiles, IReadOnlyList<KlaviyoImportError> errors)
{
    public string Id { get; } = id;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset? Started { get; set; }

    public DateTimeOffset? Completed { get; set; }

    public string Status { get; set; } = "queued";

    public int Polls { get; set; }

    public IReadOnlyList<string> ListIds { get; } = listIds;

    /// <summary>The valid profiles not imported yet: all of them until the job completes, none after.</summary>
    public IReadOnlyList<KlaviyoProfileInput> Pending { get; private set; } = profiles;

    /// <summary>The number of valid profiles the job was created with.</summary>
    public int ProfileCount { get; } = profiles.Count;

    public IReadOnlyList<KlaviyoImportError> Errors { get; } = errors;

    public int TotalCount => ProfileCount + Errors.Count;

    public bool IsComplete => Status == "complete";

    public int CompletedCount => IsComplete ? ProfileCount : 0;

    public int FailedCount => IsComplete ? Errors.Count : 0;

    public void DropPending() => Pending = [];

    public KlaviyoJobView ToView() => new(Id, Status, TotalCount, CompletedCount, FailedCount, ListIds, Polls);
}
