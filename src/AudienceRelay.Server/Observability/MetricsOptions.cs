namespace AudienceRelay.Server.Observability;

/// <summary>Section <c>Metrics</c>: <c>Metrics__Public=true</c> serves <c>/metrics</c> without an API key.</summary>
public sealed class MetricsOptions
{
    public bool Public { get; set; }
}
