namespace AudienceRelay.Client.Serialization;

/// <summary>The error shape of the API: problem+json with the seed's <c>success</c> and <c>errors</c>.</summary>
internal sealed record ProblemResponse
{
    public bool Success { get; init; }
    public IReadOnlyList<string>? Errors { get; init; }
    public string? Title { get; init; }
    public string? Detail { get; init; }
    public int? Status { get; init; }
    public IReadOnlyList<ProviderResult>? Results { get; init; }
}
