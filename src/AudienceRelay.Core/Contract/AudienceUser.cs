namespace AudienceRelay.Core.Contract;

/// <summary>
/// One customer as the Audience API carries it. Every field is optional on the wire; which ones a
/// platform can use is decided by normalization, not here.
/// </summary>
public sealed record AudienceUser
{
    public string? EdgeTagId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Country { get; init; }
    public string? PostalCode { get; init; }
    public PurchaseData? Purchase { get; init; }
}
