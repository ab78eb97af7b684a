using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Server.Operations;

/// <summary>
/// Protects the page's forms against cross-site requests, beyond the cookie's <c>SameSite=Strict</c>: every
/// form carries a token derived from the caller's key (HMAC, so nodes sharing the keys agree and no other
/// site can compute it), and a browser's <c>Origin</c> / <c>Sec-Fetch-Site</c>, when sent, must say same origin.
/// </summary>
internal sealed class OpsForms
{
    public const string TokenField = "csrf";
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("audience-relay ops form");
    private readonly byte[] _loopbackSecret = RandomNumberGenerator.GetBytes(32);

    public string TokenFor(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var secret = context.Request.Cookies.TryGetValue(OperatorKeys.CookieName, out var key) && !string.IsNullOrEmpty(key)
            ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
            : _loopbackSecret;
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, Purpose));
    }

    public async Task<bool> IsGenuineAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!SameOrigin(context) || !context.Request.HasFormContentType)
        {
            return false;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var sent = Encoding.ASCII.GetBytes(form[TokenField].ToString());
        var expected = Encoding.ASCII.GetBytes(TokenFor(context));
        return CryptographicOperations.FixedTimeEquals(sent, expected);
    }

    public static bool SameOrigin(HttpContext context)
    {
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return false;
        }

        var origin = context.Request.Headers.Origin.ToString();
        return origin.Length == 0 || origin == "null"
            ? origin.Length == 0
            : Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
