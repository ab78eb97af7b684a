namespace AudienceRelay.Providers.Facebook;

/// <summary>A multi-key payload: <c>schema</c> names the columns, each <c>data</c> row is aligned with it ("" when unknown).</summary>
internal sealed record UsersPayload(IReadOnlyList<string> Schema, IReadOnlyList<string[]> Data);
