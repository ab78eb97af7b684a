namespace AudienceRelay.Core.Contract;

/// <summary>Purchase figures for value-based audiences (the seed's <c>purchase</c> object).</summary>
public sealed record PurchaseData
{
    public string? Currency { get; init; }
    public decimal? Profit { get; init; }
    public decimal? Total7Days { get; init; }
}
