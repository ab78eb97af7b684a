namespace AudienceRelay.Providers.Delivery;

/// <summary>
/// One configured provider instance (a platform account). The engine resolves the audience once per
/// final name, then hands each batch to <see cref="DeliverAsync"/>. Implementations translate every
/// platform answer into a <see cref="DeliveryOutcome"/>; they do not throw for expected HTTP answers.
/// </summary>
public interface IAudienceProvider
{
    /// <summary>The instance name from configuration (<c>Providers__{instance}__…</c>).</summary>
    string Instance { get; }

    /// <summary>The platform type (<c>facebook</c>, <c>tiktok</c>, …).</summary>
    string Type { get; }

    /// <summary>Limits in force for this instance (platform defaults, overridden by configuration).</summary>
    ProviderLimits Limits { get; }

    /// <summary>
    /// Finds the platform audience by its final name, else creates it. Called under the engine's
    /// per-name lock and only when no id is remembered, so it is never run twice at once for a name.
    /// </summary>
    Task<AudienceResolution> FindOrCreateAudienceAsync(AudienceRequest request, CancellationToken cancellationToken);

    /// <summary>Sends one batch (chunked by <see cref="ProviderLimits.MaxUsersPerRequest"/>) and classifies the answer.</summary>
    Task<DeliveryOutcome> DeliverAsync(DeliveryWork work, CancellationToken cancellationToken);
}
