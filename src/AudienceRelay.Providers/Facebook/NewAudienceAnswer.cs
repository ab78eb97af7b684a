namespace AudienceRelay.Providers.Facebook;

/// <summary>Meta's answer to a create: the new audience's id.</summary>
internal sealed record NewAudienceAnswer
{
    public string? Id { get; init; }
}
