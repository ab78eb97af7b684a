using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// Cursor paging as Graph does it (https://developers.facebook.com/docs/graph-api/results):
/// <c>{"data":[...],"paging":{"cursors":{"before","after"},"previous","next"}}</c>, with <c>next</c> an absolute URL
/// that repeats the request's query and is left out on the last page. Cursors are opaque; here they encode the
/// position key, so items created while a client pages do not shift the pages it has not read yet.
/// </summary>
internal static class GraphPager
{
    public static (JsonObject? Page, GraphError? Error) Page<T>(
        GraphRequest request, IReadOnlyList<T> newestFirst, Func<T, long> key, Func<T, JsonObject> project, MetaEmulatorOptions options)
    {
        var limit = options.DefaultPageSize;
        if (request.Text("limit") is { } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
            {
                return (null, GraphError.InvalidParameter("param limit must be a positive integer"));
            }
        }

        limit = Math.Min(limit, options.MaxPageSize);
        IEnumerable<T> window = newestFirst;
        if (request.Text("after") is { } after)
        {
            if (Decode(after) is not { } position)
            {
                return (null, GraphError.InvalidParameter("The after cursor is not valid"));
            }

            window = newestFirst.Where(item => key(item) < position);
        }
        else if (request.Text("before") is { } before)
        {
            if (Decode(before) is not { } position)
            {
                return (null, GraphError.InvalidParameter("The before cursor is not valid"));
            }

            window = newestFirst.Where(item => key(item) > position).TakeLast(limit);
        }

        var items = window.Take(limit).ToList();
        var data = new JsonArray([.. items.Select(project)]);
        var body = new JsonObject { ["data"] = data };
        if (items.Count == 0)
        {
            return (body, null);
        }

        var first = Encode(key(items[0]));
        var last = Encode(key(items[^1]));
        var paging = new JsonObject { ["cursors"] = new JsonObject { ["before"] = first, ["after"] = last } };
        if (newestFirst.Any(item => key(item) > key(items[0])))
        {
            paging["previous"] = Link(request.Context, "before", first);
        }

        if (newestFirst.Any(item => key(item) < key(items[^1])))
        {
            paging["next"] = Link(request.Context, "after", last);
        }

        body["paging"] = paging;
        return (body, null);
    }

    private static string Link(HttpContext context, string cursorName, string cursor)
    {
        var http = context.Request;
        var query = new StringBuilder();
        foreach (var (name, values) in http.Query)
        {
            if (name is "after" or "before")
            {
                continue;
            }

            foreach (var value in values)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty));
            }
        }

        query.Append(query.Length == 0 ? '?' : '&').Append(cursorName).Append('=').Append(cursor);
        return $"{http.Scheme}://{http.Host}{http.PathBase}{http.Path}{query}";
    }

    private static string Encode(long position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes("pos:" + position.ToString(CultureInfo.InvariantCulture)));

    private static long? Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("pos:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                ? position
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
