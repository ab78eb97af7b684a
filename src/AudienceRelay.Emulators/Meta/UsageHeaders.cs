using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// Meta's rate-limit signals. Meta sends no Retry-After; instead <c>X-Business-Use-Case-Usage</c> (JSON keyed by the
/// business object id, here the ad account) lists per use case the percentages used and
/// <c>estimated_time_to_regain_access</c> in minutes, and <c>X-App-Usage</c> gives the app-level percentages
/// (https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
/// </summary>
internal static class UsageHeaders
{
    public const string BusinessUseCase = "X-Business-Use-Case-Usage";
    public const string AppUsage = "X-App-Usage";

    public static void Set(HttpContext context, string? usageKey, bool throttled, int? code, int regainMinutes)
    {
        var headers = context.Response.Headers;
        if (headers.ContainsKey(BusinessUseCase))
        {
            return;
        }

        var level = throttled ? 100 : 1;
        if (usageKey is not null)
        {
            var entry = new JsonObject
            {
                ["type"] = "custom_audience",
                ["call_count"] = level,
                ["total_cputime"] = throttled ? 100 : 1,
                ["total_time"] = throttled ? 100 : 1,
                ["estimated_time_to_regain_access"] = regainMinutes,
            };
            headers[BusinessUseCase] = new JsonObject { [usageKey] = new JsonArray(entry) }.ToJsonString();
        }

        // Only the application-level throttle (code 4) fills the app's budget; the others are per business use case.
        var app = code == 4 ? 100 : (throttled ? 35 : 1);
        headers[AppUsage] = new JsonObject { ["call_count"] = app, ["total_cputime"] = app, ["total_time"] = app }.ToJsonString();
    }
}
