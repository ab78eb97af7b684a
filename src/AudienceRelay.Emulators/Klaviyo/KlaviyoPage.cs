using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Extensions;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// Cursor paging (https://developers.klaviyo.com/en/docs/pagination_): <c>page[size]</c> within the endpoint's bounds,
/// an opaque <c>page[cursor]</c>, and <c>links.next</c> to follow (null on the last page).
/// </summary>
internal sealed record KlaviyoPage(int Offset, int Size)
{
    private const string CursorParameter = "page[cursor]";
    private const string SizeParameter = "page[size]";

    public static (KlaviyoPage? Page, KlaviyoError? Error) Parse(HttpContext context, int defaultSize, int maxSize)
    {
        var query = context.Request.Query;
        var size = defaultSize;
        var sizeText = query[SizeParameter].ToString();
        if (sizeText.Length > 0 && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > maxSize))
        {
            return (null, KlaviyoError.InvalidParameter($"page[size] must be an integer between 1 and {maxSize}.", SizeParameter));
        }

        var cursor = query[CursorParameter].ToString();
        if (cursor.Length == 0)
        {
            return (new KlaviyoPage(0, size), null);
        }

        return DecodeCursor(cursor) is int offset
            ? (new KlaviyoPage(offset, size), null)
            : (null, KlaviyoError.InvalidParameter("page[cursor] is not a valid cursor.", CursorParameter));
    }

    public IEnumerable<T> Slice<T>(IEnumerable<T> items) => items.Skip(Offset).Take(Size);

    public JsonObject Links(HttpContext context, int total)
    {
        var request = context.Request;
        var self = request.GetEncodedUrl();
        return new JsonObject
        {
            ["self"] = self,
            ["next"] = Offset + Size < total ? WithCursor(context, Offset + Size) : null,
            ["prev"] = Offset > 0 ? WithCursor(context, Math.Max(0, Offset - Size)) : null,
        };
    }

    private static string WithCursor(HttpContext context, int offset)
    {
        var request = context.Request;
        var query = new QueryBuilder(request.Query
            .Where(p => p.Key != CursorParameter)
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? string.Empty))))
        {
            { CursorParameter, EncodeCursor(offset) },
        };
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query.ToQueryString());
    }

    private static string EncodeCursor(int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int? DecodeCursor(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
