using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests;

/// <summary>
/// A session whose batches have all arrived and whose delivery is the last open one (unless <see cref="IsLast"/> says
/// otherwise); records the progress a provider saves, and keeps primary members in <see cref="Ledger"/>.
/// </summary>
internal sealed class FakeSession(string? savedState = null, FakeMembershipLedger? ledger = null, long sessionId = 1) : IDeliverySession
{
    public bool AllBatchesArrived => true;

    public bool IsLast { get; init; } = true;

    public string? SavedState { get; private set; } = savedState;

    public List<string> Saves { get; } = [];

    public FakeMembershipLedger Ledger { get; } = ledger ?? new FakeMembershipLedger();

    public Task<bool> IsLastOpenDeliveryAsync(CancellationToken cancellationToken) => Task.FromResult(IsLast);

    public Task<bool> AnyOtherDeliveryEndedUnsuccessfullyAsync(CancellationToken cancellationToken) => Task.FromResult(Ledger.SiblingFailed);

    public Task<long> ReserveSequenceAsync(int count, CancellationToken cancellationToken) => Task.FromResult(1L);

    public Task SaveStateAsync(string state, CancellationToken cancellationToken)
    {
        SavedState = state;
        Saves.Add(state);
        return Task.CompletedTask;
    }

    public Task RecordMembersAsync(IReadOnlyCollection<MemberKey> members, CancellationToken cancellationToken)
    {
        Ledger.Record(sessionId, members);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyCollection<MemberKey>> LeftSincePreviousSessionAsync(CancellationToken cancellationToken) => Task.FromResult(Ledger.Left(sessionId));

    public Task<IReadOnlySet<MemberKey>> RecordedInThisSessionAsync(IReadOnlyCollection<MemberKey> members, CancellationToken cancellationToken) =>
        Task.FromResult(Ledger.Find(sessionId, members));

    /// <summary>A newer primary session of the audience has begun (the store's ledger rule).</summary>
    public bool Superseded { get; set; }

    public Task<bool> IsSupersededAsync(CancellationToken cancellationToken) => Task.FromResult(Superseded);

    public Task CommitPrimarySessionAsync(CancellationToken cancellationToken)
    {
        Ledger.Commit(sessionId);
        return Task.CompletedTask;
    }

    /// <summary>The session's batches as <see cref="ReadSessionBatchesAsync"/> yields them.</summary>
    public IReadOnlyList<SessionBatch> SessionBatches { get; init; } = [];

    public IAsyncEnumerable<SessionBatch> ReadSessionBatchesAsync(CancellationToken cancellationToken) => SessionBatches.ToAsyncEnumerable();
}
