using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// Turns an injected fault into Meta's own answer. Throttles keep HTTP 400 with the rate-limit code in the body
/// and the usage headers; server errors are 5xx with code 1 or 2, or the HTML error page when
/// <see cref="Fault.Message"/> is <c>html</c>; other errors use the fault's code, subcode and message.
/// Codes: https://developers.facebook.com/docs/marketing-api/error-reference.
/// </summary>
internal static class FaultAnswers
{
    public static Task WriteAsync(HttpContext context, Fault fault, string? usageKey)
    {
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                var code = fault.Code ?? 17;
                var minutes = fault.RetryAfterSeconds is { } seconds ? Math.Max(1, (seconds + 59) / 60) : 1;
                UsageHeaders.Set(context, usageKey ?? "0", throttled: true, code, minutes);
                return GraphResponder.WriteErrorAsync(context, new GraphError(code, fault.Message ?? MessageFor(code))
                {
                    Subcode = fault.Subcode,
                    Status = fault.StatusCode ?? 400,
                    IsTransient = true,
                }, usageKey);
            case FaultKind.ServerError:
                var status = fault.StatusCode ?? 500;
                if (string.Equals(fault.Message, "html", StringComparison.OrdinalIgnoreCase))
                {
                    return GraphResponder.WriteHtmlErrorAsync(context, status);
                }

                var serverCode = fault.Code ?? 2;
                return GraphResponder.WriteErrorAsync(context, new GraphError(serverCode, fault.Message ?? MessageFor(serverCode))
                {
                    Subcode = fault.Subcode ?? (serverCode == 1 ? 99 : null),
                    Status = status,
                    IsTransient = true,
                }, usageKey);
            default:
                var errorCode = fault.Code ?? 100;
                return GraphResponder.WriteErrorAsync(context, new GraphError(errorCode, fault.Message ?? MessageFor(errorCode))
                {
                    Subcode = fault.Subcode,
                    Status = fault.StatusCode ?? 400,
                }, usageKey);
        }
    }

    private static string MessageFor(int code) => code switch
    {
        1 => "An unknown error occurred",
        2 => "An unexpected error has occurred. Please retry your request later.",
        4 => "(#4) Application request limit reached",
        17 => "(#17) User request limit reached",
        32 => "(#32) Page request limit reached",
        100 => "(#100) Invalid parameter",
        190 => "Error validating access token: Session has expired.",
        200 => "(#200) Permissions error",
        368 => "(#368) The action attempted has been deemed abusive or is otherwise disallowed",
        613 => "(#613) Calls to this api have exceeded the rate limit.",
        803 => "(#803) Some of the aliases you requested do not exist: users",
        2650 => "(#2650) Failed to update the custom audience",
        >= 80000 and <= 80014 => $"(#{code}) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
        _ => $"(#{code}) An error occurred",
    };
}
