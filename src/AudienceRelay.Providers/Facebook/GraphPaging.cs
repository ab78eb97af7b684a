namespace AudienceRelay.Providers.Facebook;

/// <summary>Graph cursor paging: <see cref="Next"/> is an absolute URL (https://developers.facebook.com/docs/graph-api/results).</summary>
internal sealed record GraphPaging
{
    public string? Next { get; init; }
}
