using AudienceRelay.Providers.Delivery;
using AudienceRelay.Store;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// Resolves a platform audience id by (instance, final name): the remembered id if there is one;
/// else, under the store's lock for that name (in-process on SQLite, across nodes on PostgreSQL),
/// look again, then find-or-create at the platform and remember the id. Twenty concurrent batches of
/// a new audience therefore create it once.
/// </summary>
internal sealed class AudienceResolver(IAudienceIdStore store, TimeProvider time)
{
    public async Task<AudienceResolution> ResolveAsync(IAudienceProvider provider, AudienceRequest request, CancellationToken cancellationToken)
    {
        var known = await store.FindAudienceAsync(provider.Instance, request.AudienceName, cancellationToken);
        if (known is not null)
        {
            return AudienceResolution.Found(known);
        }

        await using var held = await store.LockAudienceAsync(provider.Instance, request.AudienceName, cancellationToken);
        known = await store.FindAudienceAsync(provider.Instance, request.AudienceName, cancellationToken);
        if (known is not null)
        {
            return AudienceResolution.Found(known);
        }

        var resolution = await provider.FindOrCreateAudienceAsync(request, cancellationToken);
        if (resolution.AudienceId is { } id)
        {
            var remembered = await store.SaveAudienceAsync(provider.Instance, request.AudienceName, id, time.GetUtcNow(), cancellationToken);
            return resolution.Created && remembered == id ? resolution : AudienceResolution.Found(remembered);
        }

        return resolution;
    }
}
