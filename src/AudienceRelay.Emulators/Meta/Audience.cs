namespace AudienceRelay.Emulators.Meta;

/// <summary>One custom audience and everything the emulator tracks about it. Mutated only under the store's lock.</summary>
internal sealed class Audience(long id, string adAccountId, string name, DateTimeOffset createdAt)
{
    public long Number { get; } = id;
    public string Id { get; } = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public string AdAccountId { get; } = adAccountId;
    public string Name { get; } = name;
    public string? Description { get; init; }
    public string Subtype { get; init; } = "CUSTOM";
    public string CustomerFileSource { get; init; } = "USER_PROVIDED_ONLY";
    public bool IsValueBased { get; init; }
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset UpdatedAt { get; set; } = createdAt;
    public MemberSet Members { get; } = new();
    public List<UploadSession> Sessions { get; } = [];
    public UploadSession? OpenReplace { get; set; }

    /// <summary>Set at creation when eventual consistency is simulated: the next request naming the audience gets 803.</summary>
    public bool AliasPending { get; set; }

    /// <summary>Meta reports 200 (Normal) and, while a replace runs, an "updating" status (300).</summary>
    public int OperationStatusCode => OpenReplace is null ? 200 : 300;

    public string OperationStatusDescription => OpenReplace is null ? "Normal" : "Updating: a replace session is in progress";

    public UploadSession? FindSession(string sessionId) =>
        Sessions.Find(s => string.Equals(s.SessionId, sessionId, StringComparison.Ordinal));

    public MetaAudienceView ToView() => new(
        Id, AdAccountId, Name, Description, Subtype, CustomerFileSource, OperationStatusCode, Members.Count,
        OpenReplace?.SessionId, CreatedAt);
}
