using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Facebook;

/// <summary>An in-memory <see cref="IDeliverySession"/> for one delivery; its saved state survives across attempts, as the store's does.</summary>
internal sealed class FakeDeliverySession(FakeSessionLedger ledger, int key) : IDeliverySession
{
    public int Key { get; } = key;

    public bool AllBatchesArrived => ledger.AllBatchesArrived;

    public string? SavedState { get; private set; }

    public int Saves { get; private set; }

    /// <summary>Runs each time the provider asks whether it is the last open delivery (a sibling may end right then).</summary>
    public Action? OnLastAsked { get; set; }

    public Task<bool> IsLastOpenDeliveryAsync(CancellationToken cancellationToken)
    {
        OnLastAsked?.Invoke();
        return Task.FromResult(ledger.AllBatchesArrived && ledger.IsOnlyOpen(Key));
    }

    public Task<bool> AnyOtherDeliveryEndedUnsuccessfullyAsync(CancellationToken cancellationToken) =>
        Task.FromResult(ledger.AnyOtherFailed(Key));

    public Task<long> ReserveSequenceAsync(int count, CancellationToken cancellationToken) =>
        Task.FromResult(ledger.Reserve(count));

    /// <summary>How many of the next saves fail, as a store error or a lost lease would.</summary>
    public int FailingSaves { get; set; }

    public Task SaveStateAsync(string state, CancellationToken cancellationToken)
    {
        if (FailingSaves > 0)
        {
            FailingSaves--;
            throw new InvalidOperationException("test: the store could not save the progress");
        }

        SavedState = state;
        Saves++;
        return Task.CompletedTask;
    }

    // Meta replaces the audience; it never uses the membership ledger, so these calls would be a bug.
    public Task RecordMembersAsync(IReadOnlyCollection<MemberKey> members, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Meta does not use the membership ledger.");

    public Task<IReadOnlyCollection<MemberKey>> LeftSincePreviousSessionAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("Meta does not use the membership ledger.");

    public Task<IReadOnlySet<MemberKey>> RecordedInThisSessionAsync(IReadOnlyCollection<MemberKey> members, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Meta does not use the membership ledger.");

    public Task CommitPrimarySessionAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("Meta does not use the membership ledger.");

    public Task<bool> IsSupersededAsync(CancellationToken cancellationToken) => Task.FromResult(ledger.Superseded);

    public IAsyncEnumerable<SessionBatch> ReadSessionBatchesAsync(CancellationToken cancellationToken) => ledger.Batches.ToAsyncEnumerable();
}
