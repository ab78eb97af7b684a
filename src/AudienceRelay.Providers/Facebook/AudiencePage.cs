namespace AudienceRelay.Providers.Facebook;

/// <summary>One page of <c>GET /act_{id}/customaudiences</c>; <see cref="Paging"/>.next is absent on the last page.</summary>
internal sealed record AudiencePage
{
    public IReadOnlyList<AudienceItem>? Data { get; init; }
    public GraphPaging? Paging { get; init; }
}
