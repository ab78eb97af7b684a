using AudienceRelay.Providers.Delivery;
using Microsoft.Extensions.Configuration;

namespace AudienceRelay.Providers.Configuration;

/// <summary>
/// Reads the <c>Providers</c> section into validated settings. One section child is one instance;
/// its <c>Type</c> defaults to the instance name, so <c>Providers__webhook__Url=…</c> alone is enough.
/// </summary>
public static class ProviderCatalog
{
    /// <summary>The types the configuration contract names; those without a client yet are refused clearly.</summary>
    public static readonly IReadOnlySet<string> DocumentedTypes =
        new HashSet<string>(["facebook", "tiktok", "klaviyo", "google", "snapchat", "pinterest", "linkedin", "webhook"], StringComparer.Ordinal);

    private static readonly HashSet<string> CommonKeys = new(["Type", "BaseUrl", "MaxUsersPerRequest", "RequestsPerSecond", "Concurrency"], StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<ProviderSettings> Read(IConfiguration providers, IReadOnlyDictionary<string, IProviderFactory> factories, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(factories);
        var problems = new List<string>();
        var list = new List<ProviderSettings>();
        foreach (var section in providers.GetChildren().OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var instance = section.Key;
            var type = (section["Type"] ?? instance).Trim().ToLowerInvariant();
            if (!factories.TryGetValue(type, out var factory))
            {
                problems.Add(DocumentedTypes.Contains(type)
                    ? $"Providers:{instance}:Type: '{type}' has no client in this version yet; supported: {string.Join(", ", factories.Keys.Order())}."
                    : $"Providers:{instance}:Type: unknown type '{type}'; expected one of {string.Join(", ", factories.Keys.Order())}.");
                continue;
            }

            Uri? baseUrl = null;
            if (section["BaseUrl"] is { Length: > 0 } rawUrl
                && (!Uri.TryCreate(rawUrl, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https")))
            {
                problems.Add($"Providers:{instance}:BaseUrl: must be an absolute http or https URL.");
                continue;
            }

            var limits = ReadLimits(section, factory.DefaultLimits, instance, problems);
            var values = section.GetChildren()
                .Where(c => !CommonKeys.Contains(c.Key))
                .ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase);
            var settings = new ProviderSettings(instance, type, baseUrl, values, limits);
            problems.AddRange(factory.Validate(settings));
            list.Add(settings);
        }

        errors = problems;
        return list;
    }

    private static ProviderLimits ReadLimits(IConfigurationSection section, ProviderLimits defaults, string instance, List<string> problems)
    {
        var limits = defaults;
        if (section["MaxUsersPerRequest"] is { } max)
        {
            if (int.TryParse(max, out var value) && value >= 1 && value <= defaults.MaxUsersPerRequest)
            {
                limits = limits with { MaxUsersPerRequest = value };
            }
            else
            {
                problems.Add($"Providers:{instance}:MaxUsersPerRequest: must be a whole number from 1 to the platform's limit {defaults.MaxUsersPerRequest}.");
            }
        }

        if (section["RequestsPerSecond"] is { } rps)
        {
            if (double.TryParse(rps, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                limits = limits with { RequestsPerSecond = value };
            }
            else
            {
                problems.Add($"Providers:{instance}:RequestsPerSecond: must be a number above 0.");
            }
        }

        if (section["Concurrency"] is { } concurrency)
        {
            if (int.TryParse(concurrency, out var value) && value is >= 1 and <= 256)
            {
                limits = limits with { Concurrency = value };
            }
            else
            {
                problems.Add($"Providers:{instance}:Concurrency: must be a whole number from 1 to 256.");
            }
        }

        return limits;
    }
}
