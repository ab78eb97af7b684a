namespace AudienceRelay.Client;

/// <summary>Purchase figures for value-based audiences (the user's optional <c>purchase</c> object).</summary>
public sealed record PurchaseRecord
{
    public string? Currency { get; init; }
    public decimal? Profit { get; init; }
    public decimal? Total7Days { get; init; }
}
