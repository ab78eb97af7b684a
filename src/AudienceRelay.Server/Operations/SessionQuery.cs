using System.Globalization;
using AudienceRelay.Store.Operations;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Server.Operations;

/// <summary>
/// Reads the session list's filters from a query string: <c>state</c> (a delivery state the session has
/// at least one delivery in), <c>instance</c>, <c>from</c>/<c>to</c> (dates <c>YYYY-MM-DD</c>, UTC, both
/// days included; or ISO 8601 times) and <c>limit</c> (1–500, default 50). Errors name the parameter.
/// </summary>
internal static class SessionQuery
{
    private static readonly string[] States = [DeliveryStates.Pending, DeliveryStates.Leased, DeliveryStates.Succeeded, DeliveryStates.Failed, DeliveryStates.Dead];

    public static (SessionFilter? Filter, List<string> Errors) Parse(IQueryCollection query)
    {
        var errors = new List<string>();
        var state = Text(query, "state");
        if (state is not null && !States.Contains(state))
        {
            errors.Add("state: must be one of " + string.Join(", ", States) + ".");
        }

        var from = Time(query, "from", endOfDay: false, errors);
        var to = Time(query, "to", endOfDay: true, errors);
        var limit = 50;
        if (Text(query, "limit") is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            errors.Add("limit: must be a whole number from 1 to 500.");
        }

        return errors.Count > 0 ? (null, errors) : (new SessionFilter(state, Text(query, "instance"), from, to, limit), errors);
    }

    private static string? Text(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } value ? value.Trim() : null;

    private static DateTimeOffset? Time(IQueryCollection query, string name, bool endOfDay, List<string> errors)
    {
        var text = Text(query, name);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1) : start;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        errors.Add($"{name}: must be a date YYYY-MM-DD or an ISO 8601 time.");
        return null;
    }
}
