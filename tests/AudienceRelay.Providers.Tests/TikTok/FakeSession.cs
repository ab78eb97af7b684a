using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.TikTok;

/// <summary>A session whose batches have all arrived; records the progress a provider saves.</summary>
internal sealed class FakeSession(string? savedState = null) : IDeliverySession
{
    public bool AllBatchesArrived => true;

    public string? SavedState { get; private set; } = savedState;

    public List<string> Saves { get; } = [];

    public Task<bool> IsLastOpenDeliveryAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<long> ReserveSequenceAsync(int count, CancellationToken cancellationToken) => Task.FromResult(1L);

    public Task SaveStateAsync(string state, CancellationToken cancellationToken)
    {
        SavedState = state;
        Saves.Add(state);
        return Task.CompletedTask;
    }
}
