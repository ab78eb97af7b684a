namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// The fields of a Graph error we classify on and report. Meta's messages describe the problem, not the uploaded
/// values; fbtrace_id is kept for support requests.
/// </summary>
internal sealed record GraphErrorBody
{
    public string? Message { get; init; }
    public string? Type { get; init; }
    public int Code { get; init; }
    public int? ErrorSubcode { get; init; }
    public string? ErrorUserTitle { get; init; }
    public bool? IsTransient { get; init; }
    public string? FbtraceId { get; init; }
}
