namespace AudienceRelay.Store.Queue;

/// <summary>Text form of <see cref="DeliveryState"/> as the schema stores it.</summary>
public static class DeliveryStates
{
    public const string Pending = "pending";
    public const string Leased = "leased";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Dead = "dead";

    public static string ToText(this DeliveryState state) => state switch
    {
        DeliveryState.Pending => Pending,
        DeliveryState.Leased => Leased,
        DeliveryState.Succeeded => Succeeded,
        DeliveryState.Failed => Failed,
        DeliveryState.Dead => Dead,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static DeliveryState Parse(string text) => text switch
    {
        Pending => DeliveryState.Pending,
        Leased => DeliveryState.Leased,
        Succeeded => DeliveryState.Succeeded,
        Failed => DeliveryState.Failed,
        Dead => DeliveryState.Dead,
        _ => throw new FormatException("Unknown delivery state in the store."),
    };

    public static bool IsTerminal(this DeliveryState state) =>
        state is DeliveryState.Succeeded or DeliveryState.Failed or DeliveryState.Dead;
}
