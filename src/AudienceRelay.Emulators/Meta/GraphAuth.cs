using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// Access-token checks as Graph makes them. The token comes from <c>access_token</c> (query or body) or from an
/// <c>Authorization: Bearer</c> (or <c>OAuth</c>) header. No token: code 104. Unknown token: code 190.
/// <c>appsecret_proof</c> is HMAC-SHA256(key = app secret, message = token), lower-case hex; with
/// <c>appsecret_time</c> the message is <c>token|time</c>. A wrong proof, or a missing one when the app requires it,
/// is code 100 (GraphMethodException) — https://developers.facebook.com/docs/graph-api/securing-requests.
/// </summary>
internal static class GraphAuth
{
    /// <summary>Returns the token's ad accounts, or the error to answer. Call under the store's lock.</summary>
    public static (IReadOnlySet<string>? AdAccounts, GraphError? Error) Authenticate(GraphRequest request, MetaStore store)
    {
        var token = request.Text("access_token") ?? FromHeader(request.Context.Request.Headers.Authorization.ToString());
        if (string.IsNullOrEmpty(token))
        {
            return (null, GraphError.MissingToken());
        }

        var grant = store.FindToken(token);
        if (grant is null)
        {
            return (null, GraphError.InvalidToken());
        }

        var proof = request.Text("appsecret_proof");
        if (proof is null)
        {
            return grant.RequireAppSecretProof ? (null, GraphError.AppSecretProofRequired()) : (grant.AdAccounts, null);
        }

        // Without the app's secret the emulator cannot check a proof; Meta would, with the secret it holds.
        if (grant.AppSecret is null)
        {
            return (grant.AdAccounts, null);
        }

        var time = request.Text("appsecret_time");
        var message = time is null ? token : token + "|" + time;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(grant.AppSecret), Encoding.UTF8.GetBytes(message)));
        return string.Equals(proof, expected, StringComparison.Ordinal)
            ? (grant.AdAccounts, null)
            : (null, GraphError.InvalidAppSecretProof());
    }

    private static string? FromHeader(string header)
    {
        foreach (var scheme in new[] { "Bearer ", "OAuth " })
        {
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return header[scheme.Length..].Trim();
            }
        }

        return null;
    }
}
