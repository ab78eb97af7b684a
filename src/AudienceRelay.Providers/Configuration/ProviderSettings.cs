using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Configuration;

/// <summary>
/// One instance's settings as configured under <c>Providers:{Instance}</c>: its type, base URL, the
/// platform's own keys (credentials, account ids) and its limits.
/// </summary>
public sealed record ProviderSettings(string Instance, string Type, Uri? BaseUrl, IReadOnlyDictionary<string, string?> Values, ProviderLimits Limits)
{
    /// <summary>A setting's value, or null when absent or blank.</summary>
    public string? Get(string key) => Values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>A setting that validation has already required.</summary>
    public string Require(string key) => Get(key) ?? throw new InvalidOperationException($"Providers:{Instance}:{key} is required.");

    /// <summary>The full configuration name of a key, for error messages.</summary>
    public string Name(string key) => $"Providers:{Instance}:{key}";

    /// <summary>The base URL when configured, else the platform's real API root.</summary>
    public Uri BaseUrlOr(string platformDefault) => BaseUrl ?? new Uri(platformDefault);
}
