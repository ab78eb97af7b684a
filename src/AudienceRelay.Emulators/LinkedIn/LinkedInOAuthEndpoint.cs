using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.LinkedIn;

/// <summary>
/// <c>POST /oauth/v2/accessToken</c> with <c>grant_type=refresh_token</c>: a new access token for a known client and
/// refresh token (https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens).
/// </summary>
internal sealed class LinkedInOAuthEndpoint(LinkedInState state, LinkedInEmulatorOptions options)
{
    private static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(365);

    public async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "A POST with an application/x-www-form-urlencoded body is required.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var grantType = form["grant_type"].ToString();
        if (grantType != "refresh_token")
        {
            await OAuthErrorAsync(context, 400, "unsupported_grant_type", "Only grant_type=refresh_token is supported here.");
            return;
        }

        var clientId = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        var refreshToken = form["refresh_token"].ToString();
        if (clientId.Length == 0 || secret.Length == 0 || refreshToken.Length == 0)
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "client_id, client_secret and refresh_token are required.");
            return;
        }

        if (state.Mint(clientId, secret, refreshToken, options.AccessTokenLifetime) is not { } token)
        {
            await OAuthErrorAsync(context, 400, "invalid_grant", "The provided authorization grant or refresh token is invalid, expired or revoked.");
            return;
        }

        await LinkedInHttp.JsonAsync(context, 200, new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = (long)options.AccessTokenLifetime.TotalSeconds,
            ["refresh_token"] = refreshToken,
            ["refresh_token_expires_in"] = (long)RefreshTokenLifetime.TotalSeconds,
            ["scope"] = "rw_dmp_segments,rw_ads",
        });
    }

    private static Task OAuthErrorAsync(HttpContext context, int status, string error, string description) =>
        LinkedInHttp.JsonAsync(context, status, new JsonObject { ["error"] = error, ["error_description"] = description });
}
