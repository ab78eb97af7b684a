using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Facebook;

/// <summary>A Graph call's result: the answer Meta gave, or the outcome to record when there is none to use.</summary>
internal readonly record struct GraphAnswer<T>(T? Value, DeliveryOutcome? Problem)
    where T : class
{
    public static GraphAnswer<T> Of(T value) => new(value, null);

    public static GraphAnswer<T> Refused(DeliveryOutcome problem) => new(null, problem);
}
