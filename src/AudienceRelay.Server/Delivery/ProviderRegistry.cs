using System.Collections.Frozen;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Server.Delivery;

/// <summary>The provider instances configured for this server, by instance name.</summary>
internal sealed class ProviderRegistry(IEnumerable<IAudienceProvider> providers)
{
    private readonly FrozenDictionary<string, IAudienceProvider> _byInstance = providers.ToFrozenDictionary(p => p.Instance, StringComparer.Ordinal);

    public IReadOnlyList<string> Instances => [.. _byInstance.Keys.Order(StringComparer.Ordinal)];

    public IEnumerable<IAudienceProvider> All => _byInstance.Values;

    public IAudienceProvider? Find(string instance) => _byInstance.GetValueOrDefault(instance);
}
