namespace AudienceRelay.Store;

/// <summary>
/// The whole store, one implementation per engine (SQLite for one node, PostgreSQL for several); both pass the same
/// contract tests. It has no members of its own: callers ask for the narrow interface they need
/// (<see cref="IBatchStore"/>, <see cref="IDeliveryQueue"/>, <see cref="IUploadSessionStore"/>,
/// <see cref="IAudienceIdStore"/>, <see cref="IStatusStore"/>, <see cref="IStoreLifecycle"/>); this one is for the
/// registration, tools and tests that drive the store end to end.
/// </summary>
public interface IAudienceStore : IStoreLifecycle, IBatchStore, IDeliveryQueue, IUploadSessionStore, IAudienceIdStore, IStatusStore;
