using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace AudienceRelay.Server.Operations;

/// <summary>The page's frame and small HTML helpers: every value written through <see cref="E"/> is HTML-encoded.</summary>
internal static class OpsHtml
{
    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{background:#1d2330;color:#fff;padding:10px 24px;display:flex;gap:18px;align-items:center}
        header a{color:#fff}header h1{font-size:17px;margin:0 auto 0 0}
        main{padding:16px 24px;max-width:1400px}h2{font-size:15px;margin:22px 0 8px}
        table{border-collapse:collapse;background:#fff;width:100%}th,td{border:1px solid #d9dde5;padding:5px 8px;text-align:left;vertical-align:top}
        th{background:#eef0f4;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .s{display:inline-block;border-radius:3px;padding:0 6px;margin:1px 2px;font-size:12px;font-weight:600}
        .pending,.leased{background:#fff1c2}.succeeded{background:#d4f3dc}.failed,.dead{background:#ffd9d6}
        .err{color:#9b1c1c;font-size:12px;white-space:pre-wrap;word-break:break-word}.dim{color:#667085;font-size:12px}
        form.inline{display:inline}button{cursor:pointer}.notice{background:#e8f0fe;border:1px solid #aac4f7;padding:8px 12px}
        .bad{background:#fde8e8;border-color:#f5b5b5}label{margin-right:12px}
        """;

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    public static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string State(string state, long? count = null) =>
        $"<span class=\"s {E(state)}\">{E(state)}{(count is { } c ? " " + N(c) : string.Empty)}</span>";

    /// <summary>A one-button POST form carrying the CSRF token.</summary>
    public static string Button(string action, string label, string token, string? confirm = null, string? testId = null) =>
        $"<form class=\"inline\" method=\"post\" action=\"{E(action)}\"{(confirm is null ? string.Empty : $" data-confirm=\"{E(confirm)}\"")}>" +
        $"<input type=\"hidden\" name=\"{OpsForms.TokenField}\" value=\"{E(token)}\"><button type=\"submit\"{(testId is null ? string.Empty : $" data-testid=\"{E(testId)}\"")}>{E(label)}</button></form>";

    public static IResult Page(string title, string body, string? token, int status = 200)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append("<title>").Append(E(title)).Append(" · AudienceRelay</title><style>").Append(Style).Append("</style></head><body><header><h1>");
        html.Append("<a href=\"/ops\" style=\"text-decoration:none\">AudienceRelay operations</a></h1>");
        if (token is not null)
        {
            html.Append("<a href=\"/ops\">Sessions</a>").Append(Button("/ops/logout", "Log out", token));
        }

        html.Append("</header><main>").Append(body).Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
