namespace AudienceRelay.Store.Status;

/// <summary>How many deliveries one instance has in one state.</summary>
public sealed record QueueCount(string Instance, string State, long Count);
