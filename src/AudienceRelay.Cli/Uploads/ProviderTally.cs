namespace AudienceRelay.Cli.Uploads;

/// <summary>How one provider instance did across the batches of this run (<c>--sync</c> answers).</summary>
internal sealed class ProviderTally
{
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    public int Pending { get; set; }
    public long UsersSent { get; set; }
    public long UsersInvalid { get; set; }
    public string? FirstError { get; set; }
}
