using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Google;

/// <summary>
/// Who may call: OAuth clients and their refresh tokens, the access tokens issued from them (each with its expiry),
/// the developer tokens, and the customers with the manager (if any) through which the user reaches them.
/// The token endpoint follows Google's OAuth 2.0 refresh grant (https://developers.google.com/identity/protocols/oauth2/web-server#offline).
/// </summary>
internal sealed class GoogleAccounts(GoogleEmulatorOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Secret, HashSet<string> RefreshTokens)> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _developerTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _customers = new(StringComparer.Ordinal);
    private int _tokensIssued;

    public int TokensIssued
    {
        get
        {
            lock (_gate)
            {
                return _tokensIssued;
            }
        }
    }

    public void AddClient(string clientId, string secret, string refreshToken)
    {
        lock (_gate)
        {
            if (!_clients.TryGetValue(clientId, out var client))
            {
                client = (secret, new HashSet<string>(StringComparer.Ordinal));
            }

            client.RefreshTokens.Add(refreshToken);
            _clients[clientId] = (secret, client.RefreshTokens);
        }
    }

    public void AddDeveloperToken(string token)
    {
        lock (_gate)
        {
            _developerTokens.Add(token);
        }
    }

    public void AddCustomer(string customerId, string? managerId)
    {
        lock (_gate)
        {
            _customers[customerId] = managerId;
        }
    }

    public IReadOnlyList<string> Customers()
    {
        lock (_gate)
        {
            return [.. _customers.Keys.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Every access token issued so far expires now (as if an hour had passed).</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            foreach (var token in _accessTokens.Keys.ToList())
            {
                _accessTokens[token] = time.GetUtcNow();
            }
        }
    }

    /// <summary>Null for a live token, else Google's authentication error code.</summary>
    public string? CheckAccessToken(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= 7)
        {
            return "OAUTH_TOKEN_HEADER_INVALID";
        }

        lock (_gate)
        {
            return !_accessTokens.TryGetValue(authorization[7..], out var expires) ? "OAUTH_TOKEN_INVALID"
                : time.GetUtcNow() >= expires ? "OAUTH_TOKEN_EXPIRED"
                : null;
        }
    }

    public bool IsDeveloperToken(string? token)
    {
        lock (_gate)
        {
            return token is not null && _developerTokens.Contains(token);
        }
    }

    /// <summary>Null when the user may act on <paramref name="customerId"/> with this <c>login-customer-id</c>, else why not.</summary>
    public string? CheckAccess(string customerId, string? loginCustomerId)
    {
        lock (_gate)
        {
            if (!_customers.TryGetValue(customerId, out var manager))
            {
                return $"User doesn't have permission to access customer {customerId}.";
            }

            if (manager is not null && loginCustomerId != manager)
            {
                return $"User doesn't have permission to access customer {customerId}. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header.";
            }

            return manager is null && loginCustomerId is not null && loginCustomerId != customerId
                ? $"User doesn't have permission to access customer {customerId} through login customer {loginCustomerId}."
                : null;
        }
    }

    /// <summary>POST /token with <c>grant_type=refresh_token</c>.</summary>
    public async Task TokenAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "The request must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "refresh_token")
        {
            await OAuthErrorAsync(context, 400, "unsupported_grant_type", "Invalid grant_type.");
            return;
        }

        string token;
        lock (_gate)
        {
            if (!_clients.TryGetValue(form["client_id"].ToString(), out var client) || client.Secret != form["client_secret"])
            {
                token = "";
            }
            else if (!client.RefreshTokens.Contains(form["refresh_token"].ToString()))
            {
                token = "-";
            }
            else
            {
                token = "ya29.emulated-" + Guid.NewGuid().ToString("N");
                _accessTokens[token] = time.GetUtcNow() + options.AccessTokenLifetime;
                _tokensIssued++;
            }
        }

        switch (token)
        {
            case "":
                await OAuthErrorAsync(context, 401, "invalid_client", "The OAuth client was not found.");
                return;
            case "-":
                await OAuthErrorAsync(context, 400, "invalid_grant", "Token has been expired or revoked.");
                return;
        }

        await GoogleHttp.JsonAsync(context, new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = (int)options.AccessTokenLifetime.TotalSeconds,
            ["scope"] = "https://www.googleapis.com/auth/adwords",
            ["token_type"] = "Bearer",
        });
    }

    private static Task OAuthErrorAsync(HttpContext context, int status, string error, string description) =>
        GoogleHttp.JsonAsync(context, new JsonObject { ["error"] = error, ["error_description"] = description }, status);
}
