using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// A Graph call's result: the answer Meta gave, or the outcome to record when there is none to use, with Meta's error
/// when it sent one (the provider asks it the questions only it can answer: audience gone, replace abandoned).
/// </summary>
internal readonly record struct GraphAnswer<T>(T? Value, DeliveryOutcome? Problem, GraphErrorBody? Error = null)
    where T : class
{
    public static GraphAnswer<T> Of(T value) => new(value, null);

    public static GraphAnswer<T> Refused(DeliveryOutcome problem, GraphErrorBody? error = null) => new(null, problem, error);

    /// <summary>
    /// Meta no longer has the audience the call named: <c>(#100)</c> subcode 33 "does not exist" on an audience's own
    /// edge, or 1487366 (audience deleted) (https://developers.facebook.com/docs/marketing-api/error-reference).
    /// </summary>
    public bool AudienceGone => Error is { Code: 100, ErrorSubcode: 33 } or { ErrorSubcode: 1487366 } or { Code: 1487366 };

    /// <summary>
    /// Meta does not know the replace session this request continues: 2650/1870147 "first batch_seq not detected", the
    /// answer for a session that never started at 1 or that Meta dropped after its time-out (docs/providers/facebook.md).
    /// </summary>
    public bool ReplaceAbandoned => Error is { Code: 2650, ErrorSubcode: 1870147 };
}
