namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// One JSON:API error as Klaviyo answers it: <c>{"errors":[{"id","status","code","title","detail","source","meta"}]}</c>
/// (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling). Details never carry personal data.
/// </summary>
internal sealed record KlaviyoError(int Status, string Code, string Title, string Detail, string? Pointer = null, string? Parameter = null)
{
    public static KlaviyoError Invalid(string detail, string pointer) => new(400, "invalid", "Invalid input.", detail, Pointer: pointer);

    public static KlaviyoError InvalidParameter(string detail, string parameter) => new(400, "invalid", "Invalid input.", detail, Parameter: parameter);

    public static KlaviyoError NotFound(string detail) => new(404, "not_found", "Not found.", detail, Pointer: "/data/");

    public static KlaviyoError Throttled(string detail) => new(429, "throttled", "Request was throttled.", detail, Pointer: "/data/");
}
