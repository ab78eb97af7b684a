using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Server.Operations;

/// <summary>
/// Tells which API key a caller used, by its name: <c>Auth__KeyNames__N</c> names the key
/// <c>Auth__ApiKeys__N</c>; without one the name is <c>key-N</c>. The name (never the key) is what operator
/// actions record. With no key configured the server listens on loopback only and every caller is
/// <c>loopback</c>. Keys are compared as SHA-256 digests in fixed time, every key each time.
/// </summary>
internal sealed class OperatorKeys
{
    public const string CookieName = "audience_relay_ops";
    public const string LoopbackName = "loopback";
    private readonly (byte[] Digest, string Name)[] _keys;

    public OperatorKeys(IConfiguration configuration)
    {
        _keys = configuration.GetSection("Auth:ApiKeys").GetChildren()
            .Where(k => !string.IsNullOrEmpty(k.Value))
            .Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.Value!)), Name(configuration[$"Auth:KeyNames:{k.Key}"], k.Key)))
            .ToArray();
    }

    /// <summary>False when no key is configured (loopback only): then every caller is let in as <see cref="LoopbackName"/>.</summary>
    public bool Required => _keys.Length > 0;

    /// <summary>The name of the key in <c>Authorization: Bearer</c>, or null.</summary>
    public string? FromBearer(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        const string scheme = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        return !Required ? LoopbackName : header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? NameOf(header[scheme.Length..].Trim()) : null;
    }

    /// <summary>The name of the key in the operations page's cookie, or null.</summary>
    public string? FromCookie(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !Required ? LoopbackName : context.Request.Cookies.TryGetValue(CookieName, out var key) && !string.IsNullOrEmpty(key) ? NameOf(key) : null;
    }

    /// <summary>The name of <paramref name="key"/> if it is one of the configured keys, else null.</summary>
    public string? NameOf(string key)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        string? name = null;
        foreach (var (digest, keyName) in _keys)
        {
            // No early exit: every key is compared whatever the outcome.
            if (CryptographicOperations.FixedTimeEquals(presented, digest))
            {
                name = keyName;
            }
        }

        return name;
    }

    private static string Name(string? configured, string index)
    {
        var name = configured?.Trim();
        return string.IsNullOrEmpty(name) ? "key-" + index : name.Length > 64 ? name[..64] : name;
    }
}
