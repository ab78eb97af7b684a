using AudienceRelay.Emulators.Storage;

namespace AudienceRelay.Emulators.Google;

/// <summary>A Customer Match list; members are identifiers as <c>type:value</c> (<c>hashedEmail:…</c>, <c>address:fn|ln|CC|postal</c>).</summary>
internal sealed record GoogleEmuList(string Id, string CustomerId, string Name, string UploadKeyType, long LifeSpan)
{
    public PackedStringSet Members { get; } = new();
}

/// <summary>
/// An OfflineUserDataJob: its operations wait until <c>:run</c>, then apply when the job ends. Once applied (or failed)
/// only their counts stay: a job's identifiers are another copy of a whole batch, and nothing reads them afterwards.
/// </summary>
internal sealed class GoogleEmuJob(string id, string customerId, string listId, string adUserData, string adPersonalization)
{
    public string Id { get; } = id;
    public string CustomerId { get; } = customerId;
    public string ListId { get; } = listId;
    public string AdUserData { get; } = adUserData;
    public string AdPersonalization { get; } = adPersonalization;
    public string Status { get; set; } = "PENDING";
    public string? FailureReason { get; set; }
    public DateTimeOffset? RunAt { get; set; }
    public bool RemoveAll { get; set; }
    public int Operations { get; set; }
    public int Creates { get; private set; }
    public int Removes { get; private set; }

    /// <summary>The people of the create operations not applied yet, each as its identifiers (empty once the job ended).</summary>
    public List<IReadOnlyList<string>> PendingCreates { get; private set; } = [];

    /// <summary>The people of the remove operations not applied yet (empty once the job ended).</summary>
    public List<IReadOnlyList<string>> PendingRemoves { get; private set; } = [];

    public void AddCreate(IReadOnlyList<string> identifiers)
    {
        PendingCreates.Add(identifiers);
        Creates++;
    }

    public void AddRemove(IReadOnlyList<string> identifiers)
    {
        PendingRemoves.Add(identifiers);
        Removes++;
    }

    /// <summary>The job has ended: its operations are no longer needed, only their counts.</summary>
    public void DropPending()
    {
        PendingCreates = [];
        PendingRemoves = [];
    }
}

/// <summary>Public view of a job, for tests and the sandbox page.</summary>
public sealed record GoogleJobView(string Id, string ListId, string Status, bool RemoveAll, int Creates, int Removes, string AdUserData, string AdPersonalization);

/// <summary>Public view of a list.</summary>
public sealed record GoogleListView(string Id, string CustomerId, string Name, string UploadKeyType, long MembershipLifeSpan, int MemberCount);

/// <summary>
/// Lists and jobs under one lock. A RUNNING job ends <see cref="GoogleEmulatorOptions.JobDuration"/> after <c>:run</c>; it is
/// settled lazily by whatever looks next, so no timer is needed and a client that stops looking still sees it end.
/// </summary>
internal sealed class GoogleStore(GoogleEmulatorOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, GoogleEmuList> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GoogleEmuJob> _jobs = new(StringComparer.Ordinal);
    private long _lastId = 9_000_000_000;
    private int _failNextJobs;

    public Lock Gate => _gate;

    /// <summary>Under <see cref="Gate"/>: the lists, settled.</summary>
    public IEnumerable<GoogleEmuList> Lists
    {
        get
        {
            Settle();
            return _lists.Values;
        }
    }

    public string NextId() => (++_lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void FailNextJobs(int count)
    {
        lock (_gate)
        {
            _failNextJobs += count;
        }
    }

    /// <summary>Under <see cref="Gate"/>.</summary>
    public GoogleEmuList? List(string customerId, string id)
    {
        Settle();
        return _lists.TryGetValue(id, out var list) && list.CustomerId == customerId ? list : null;
    }

    /// <summary>Under <see cref="Gate"/>.</summary>
    public GoogleEmuJob? Job(string customerId, string id)
    {
        Settle();
        return _jobs.TryGetValue(id, out var job) && job.CustomerId == customerId ? job : null;
    }

    /// <summary>Under <see cref="Gate"/>.</summary>
    public IEnumerable<GoogleEmuJob> Jobs
    {
        get
        {
            Settle();
            return _jobs.Values;
        }
    }

    /// <summary>Under <see cref="Gate"/>.</summary>
    public void Add(GoogleEmuList list) => _lists.Add(list.Id, list);

    /// <summary>Under <see cref="Gate"/>.</summary>
    public void Add(GoogleEmuJob job) => _jobs.Add(job.Id, job);

    public IReadOnlyList<GoogleListView> ListViews(string? customerId)
    {
        lock (_gate)
        {
            return [.. Lists.Where(l => customerId is null || l.CustomerId == customerId).OrderBy(l => l.Id, StringComparer.Ordinal)
                .Select(l => new GoogleListView(l.Id, l.CustomerId, l.Name, l.UploadKeyType, l.LifeSpan, l.Members.Count))];
        }
    }

    public IReadOnlyList<GoogleJobView> JobViews(string listId)
    {
        lock (_gate)
        {
            return [.. Jobs.Where(j => j.ListId == listId).OrderBy(j => long.Parse(j.Id, System.Globalization.CultureInfo.InvariantCulture))
                .Select(j => new GoogleJobView(j.Id, j.ListId, j.Status, j.RemoveAll, j.Creates, j.Removes, j.AdUserData, j.AdPersonalization))];
        }
    }

    public IReadOnlySet<string> Members(string listId)
    {
        lock (_gate)
        {
            Settle();
            return _lists.TryGetValue(listId, out var list) ? list.Members.ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
        }
    }

    /// <summary>Under <see cref="Gate"/>: ends the RUNNING jobs whose time is up, applying their operations in order.</summary>
    private void Settle()
    {
        var now = time.GetUtcNow();
        foreach (var job in _jobs.Values.Where(j => j.Status == "RUNNING" && now - j.RunAt >= options.JobDuration).OrderBy(j => j.RunAt))
        {
            var list = _lists[job.ListId];
            if (job.RemoveAll)
            {
                list.Members.Clear();
            }

            if (_failNextJobs > 0)
            {
                // A job that fails part-way: what ran before the failure (removeAll) stays done.
                _failNextJobs--;
                job.Status = "FAILED";
                job.FailureReason = "UNKNOWN";
                job.DropPending();
                continue;
            }

            foreach (var person in job.PendingRemoves)
            {
                list.Members.ExceptWith(person);
            }

            foreach (var person in job.PendingCreates)
            {
                list.Members.UnionWith(person);
            }

            job.DropPending();

            job.Status = "SUCCESS";
        }
    }
}
