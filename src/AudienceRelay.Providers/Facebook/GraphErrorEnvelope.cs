namespace AudienceRelay.Providers.Facebook;

/// <summary>Graph's error answer: <c>{"error":{...}}</c> (https://developers.facebook.com/docs/graph-api/guides/error-handling).</summary>
internal sealed record GraphErrorEnvelope
{
    public GraphErrorBody? Error { get; init; }
}
