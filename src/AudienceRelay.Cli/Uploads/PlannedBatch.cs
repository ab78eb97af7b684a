using AudienceRelay.Client;

namespace AudienceRelay.Cli.Uploads;

/// <summary>A batch read from the file and waiting for a sender.</summary>
internal sealed record PlannedBatch(int Sequence, IReadOnlyList<UserRecord> Users);
