using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AudienceRelay.Emulators.Google;

/// <summary>
/// <c>googleAds:search</c> for the two queries a Customer Match client needs, written from the GAQL grammar
/// (https://developers.google.com/google-ads/api/docs/query/grammar): <c>user_list</c> and <c>offline_user_data_job</c>,
/// selected fields only, an optional <c>WHERE field = 'literal'</c> with backslash escapes. Anything else is refused as Google
/// refuses a query it cannot parse, so a client's broken quoting shows up here.
/// </summary>
internal sealed partial class GoogleGaql(GoogleStore store)
{
    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["user_list"] = ["resource_name", "id", "name", "membership_life_span", "size_for_search"],
        ["offline_user_data_job"] = ["resource_name", "id", "status", "failure_reason", "type"],
    };

    public async Task SearchAsync(HttpContext context, string version, string customerId, JsonObject body)
    {
        if (GoogleHttp.Text(body["pageToken"]) is { Length: > 0 })
        {
            await GoogleHttp.InvalidAsync(context, version, new("requestError", "INVALID_PAGE_TOKEN", "Page token is invalid."));
            return;
        }

        var match = GoogleHttp.Text(body["query"]) is { } query ? QueryPattern().Match(query) : Match.Empty;
        var resource = match.Groups["resource"].Value;
        var selected = match.Success ? match.Groups["fields"].Value.Split(',', StringSplitOptions.TrimEntries) : [];
        if (!match.Success || !Fields.TryGetValue(resource, out var known)
            || selected.Any(f => !f.StartsWith(resource + ".", StringComparison.Ordinal) || !known.Contains(f[(resource.Length + 1)..])))
        {
            await GoogleHttp.InvalidAsync(context, version, new("queryError", "UNRECOGNIZED_FIELD", "Error in query: unexpected input or unrecognized field."));
            return;
        }

        string? filterField = null;
        string? filterValue = null;
        if (match.Groups["field"].Success)
        {
            filterField = match.Groups["field"].Value;
            filterValue = Unquote(match.Groups["literal"].Value);
            if (filterValue is null || !filterField.StartsWith(resource + ".", StringComparison.Ordinal) || !known.Contains(filterField[(resource.Length + 1)..]))
            {
                await GoogleHttp.InvalidAsync(context, version, new("queryError", "UNEXPECTED_INPUT", "Error in query: the WHERE clause cannot be parsed."));
                return;
            }

            filterField = filterField[(resource.Length + 1)..];
        }

        var rows = new JsonArray();
        lock (store.Gate)
        {
            foreach (var row in resource == "user_list" ? ListRows(customerId) : JobRows(customerId))
            {
                if (filterField is null || row[filterField] == filterValue)
                {
                    var item = new JsonObject();
                    foreach (var field in selected)
                    {
                        item[Camel(field[(resource.Length + 1)..])] = row[field[(resource.Length + 1)..]];
                    }

                    rows.Add(new JsonObject { [Camel(resource)] = item });
                }
            }
        }

        await GoogleHttp.JsonAsync(context, new JsonObject { ["results"] = rows, ["fieldMask"] = string.Join(',', selected.Select(f => Camel(resource) + "." + Camel(f[(resource.Length + 1)..]))) });
    }

    private IEnumerable<Dictionary<string, string?>> ListRows(string customerId) => store.Lists.Where(l => l.CustomerId == customerId).Select(l => new Dictionary<string, string?>
    {
        ["resource_name"] = $"customers/{customerId}/userLists/{l.Id}",
        ["id"] = l.Id,
        ["name"] = l.Name,
        ["membership_life_span"] = l.LifeSpan.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["size_for_search"] = l.Members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }).ToList();

    private IEnumerable<Dictionary<string, string?>> JobRows(string customerId) => store.Jobs.Where(j => j.CustomerId == customerId).Select(j => new Dictionary<string, string?>
    {
        ["resource_name"] = $"customers/{customerId}/offlineUserDataJobs/{j.Id}",
        ["id"] = j.Id,
        ["status"] = j.Status,
        ["failure_reason"] = j.FailureReason ?? "UNSPECIFIED",
        ["type"] = "CUSTOMER_MATCH_USER_LIST",
    }).ToList();

    /// <summary>The value of a quoted GAQL literal, or null when a quote inside is not escaped.</summary>
    private static string? Unquote(string literal)
    {
        var quote = literal[0];
        var text = new StringBuilder(literal.Length);
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c == '\\')
            {
                text.Append(literal[++i]);
            }
            else if (c == quote)
            {
                return null;
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string Camel(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    [GeneratedRegex("""^\s*SELECT\s+(?<fields>[a-z_.]+(?:\s*,\s*[a-z_.]+)*)\s+FROM\s+(?<resource>[a-z_]+)(?:\s+WHERE\s+(?<field>[a-z_.]+)\s*=\s*(?<literal>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))?\s*$""", RegexOptions.Singleline)]
    private static partial Regex QueryPattern();
}
