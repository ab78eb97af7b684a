using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Facebook;

/// <summary>An in-memory <see cref="IDeliverySession"/> for one delivery; its saved state survives across attempts, as the store's does.</summary>
internal sealed class FakeDeliverySession(FakeSessionLedger ledger, int key) : IDeliverySession
{
    public int Key { get; } = key;

    public bool AllBatchesArrived => ledger.AllBatchesArrived;

    public string? SavedState { get; private set; }

    public int Saves { get; private set; }

    public Task<bool> IsLastOpenDeliveryAsync(CancellationToken cancellationToken) =>
        Task.FromResult(ledger.AllBatchesArrived && ledger.IsOnlyOpen(Key));

    public Task<long> ReserveSequenceAsync(int count, CancellationToken cancellationToken) =>
        Task.FromResult(ledger.Reserve(count));

    public Task SaveStateAsync(string state, CancellationToken cancellationToken)
    {
        SavedState = state;
        Saves++;
        return Task.CompletedTask;
    }
}
