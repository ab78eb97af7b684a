namespace AudienceRelay.Server.Delivery;

/// <summary>The node's two wake-ups: work to claim (<see cref="Queue"/>), and a delivery that ended (<see cref="Finished"/>).</summary>
internal sealed class DeliverySignals
{
    public DeliverySignal Queue { get; } = new();

    public DeliverySignal Finished { get; } = new();
}
