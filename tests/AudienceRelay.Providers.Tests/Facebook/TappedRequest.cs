namespace AudienceRelay.Providers.Tests.Facebook;

/// <summary>One request the provider made; <see cref="Reached"/> is false when the tap broke it before it left.</summary>
internal sealed record TappedRequest(string Method, string Path, string Query, string? Body, string? Authorization, bool Reached);
