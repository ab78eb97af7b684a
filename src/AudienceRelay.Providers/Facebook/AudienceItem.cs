namespace AudienceRelay.Providers.Facebook;

/// <summary>A custom audience as listed with <c>fields=id,name</c>.</summary>
internal sealed record AudienceItem
{
    public string? Id { get; init; }
    public string? Name { get; init; }
}
