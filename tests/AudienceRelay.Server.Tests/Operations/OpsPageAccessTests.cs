using System.Net;
using System.Text.RegularExpressions;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Operations;

/// <summary>The page's protection over plain HTTP: a login that sets a strict cookie, forms refused without their token or from another origin, open on loopback without keys.</summary>
public sealed partial class OpsPageAccessTests
{
    private const string Key = "page-access-key-19d2";

    [Fact]
    public async Task The_page_asks_for_a_key_and_keeps_a_right_one_in_a_strict_http_only_cookie()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Auth:ApiKeys:0"] = Key });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };

        var login = await http.GetStringAsync(new Uri("/ops", UriKind.Relative));
        Assert.Contains("name=\"key\"", login, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"instances\"", login, StringComparison.Ordinal);

        using var wrong = await http.PostAsync(new Uri("/ops/login", UriKind.Relative), new FormUrlEncodedContent([new("key", "not-it")]));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        using var right = await http.PostAsync(new Uri("/ops/login", UriKind.Relative), new FormUrlEncodedContent([new("key", Key)]));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/ops", cookie, StringComparison.OrdinalIgnoreCase);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/ops") { Headers = { { "Cookie", cookie.Split(';')[0] } } };
        var dashboard = await (await http.SendAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"instances\"", dashboard, StringComparison.Ordinal);
        var token = Token().Match(dashboard).Groups[1].Value;
        Assert.NotEmpty(token);

        // A form without its token, or from another site, changes nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(http, cookie, "/ops/sessions/1/retry", token: null, origin: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(http, cookie, "/ops/sessions/1/retry", token, origin: "http://evil.example")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(http, cookie, "/ops/sessions/1/retry", token, origin: server.BaseAddress.GetLeftPart(UriPartial.Authority))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(http, cookie: null, "/ops/sessions/1/retry", token, origin: null)).StatusCode);
    }

    [Fact]
    public async Task Without_keys_the_loopback_page_needs_no_login()
    {
        await using var server = await TestServer.StartAsync();
        var dashboard = await server.Http.GetStringAsync(new Uri("/ops", UriKind.Relative));
        Assert.Contains("data-testid=\"instances\"", dashboard, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string? cookie, string path, string? token, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(token is null ? [] : [new KeyValuePair<string, string>("csrf", token)]),
        };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await http.SendAsync(request);
    }

    [GeneratedRegex("name=\"csrf\" value=\"([0-9a-f]+)\"")]
    private static partial Regex Token();
}
