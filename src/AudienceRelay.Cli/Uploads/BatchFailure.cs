namespace AudienceRelay.Cli.Uploads;

/// <summary>A batch the server did not acknowledge, or whose delivery failed, and why.</summary>
internal sealed record BatchFailure(int Sequence, string Reason);
