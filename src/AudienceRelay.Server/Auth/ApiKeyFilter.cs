using System.Security.Cryptography;
using System.Text;
using AudienceRelay.Server.Errors;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Auth;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;key&gt;</c> against the configured keys. Keys are compared
/// as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither the
/// content nor the length of a key leaks through timing. With no key configured every request passes
/// (the server then listens on loopback only).
/// </summary>
internal sealed class ApiKeyFilter(IOptions<AuthOptions> options) : IEndpointFilter
{
    private readonly byte[][] _digests = options.Value.ApiKeys
        .Where(k => !string.IsNullOrEmpty(k))
        .Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))
        .ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_digests.Length == 0 || Accepts(context.HttpContext.Request.Headers.Authorization.ToString()))
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblem.Create(StatusCodes.Status401Unauthorized, "Authorization: send a valid API key as 'Authorization: Bearer <key>'.");
    }

    private bool Accepts(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        var match = false;
        foreach (var digest in _digests)
        {
            // No early exit: every key is compared whatever the outcome.
            match |= CryptographicOperations.FixedTimeEquals(presented, digest);
        }

        return match;
    }
}
