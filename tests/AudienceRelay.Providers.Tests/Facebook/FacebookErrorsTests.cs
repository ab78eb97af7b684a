using System.Net;
using AudienceRelay.Providers.Delivery;
using AudienceRelay.Providers.Facebook;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookErrorsTests
{
    [Theory]
    [InlineData(4, null, "throttle")]
    [InlineData(17, 2446079, "throttle")]
    [InlineData(32, null, "throttle")]
    [InlineData(613, 1487742, "throttle")]
    [InlineData(80000, null, "throttle")]
    [InlineData(80014, null, "throttle")]
    [InlineData(1, null, "retry")]
    [InlineData(2, null, "retry")]
    [InlineData(341, null, "retry")]
    [InlineData(803, null, "retry")]
    [InlineData(2650, 1870145, "busy")]
    [InlineData(2650, 1870158, "busy")]
    [InlineData(80015, null, "failed")]
    [InlineData(190, 460, "failed")]
    [InlineData(10, null, "failed")]
    [InlineData(200, null, "failed")]
    [InlineData(294, null, "failed")]
    [InlineData(100, 33, "failed")]
    [InlineData(2650, 1870147, "failed")]
    [InlineData(2650, null, "failed")]
    [InlineData(1487301, null, "failed")]
    [InlineData(1487366, null, "failed")]
    [InlineData(2655, null, "failed")]
    [InlineData(368, null, "failed")]
    [InlineData(12345, null, "failed")]
    public void Codes_map_to_outcomes(int code, int? subcode, string expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);

        var outcome = FacebookErrors.Classify(new GraphErrorBody { Code = code, ErrorSubcode = subcode, Message = "m" }, response, replaceSession: false);

        Assert.Equal(expected, Kind(outcome));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1870147)]
    public void Order_refusals_inside_a_replace_session_are_retried(int? subcode)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);

        var outcome = FacebookErrors.Classify(new GraphErrorBody { Code = 2650, ErrorSubcode = subcode, Message = "m" }, response, replaceSession: true);

        Assert.Equal("retry", Kind(outcome));
    }

    [Fact]
    public void An_unknown_code_marked_transient_is_retried_and_a_5xx_always_is()
    {
        using var bad = new HttpResponseMessage(HttpStatusCode.BadRequest);
        using var server = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("retry", Kind(FacebookErrors.Classify(new GraphErrorBody { Code = 12345, IsTransient = true }, bad, false)));
        Assert.Equal("retry", Kind(FacebookErrors.Classify(new GraphErrorBody { Code = 100, Message = "m" }, server, false)));
    }

    [Fact]
    public void The_reason_names_code_subcode_message_and_title_on_one_line()
    {
        var error = new GraphErrorBody { Code = 2650, ErrorSubcode = 1870145, Message = "(#2650) Failed\nto update", ErrorUserTitle = "Audience Is Being Updated" };

        Assert.Equal("Meta error 2650/1870145: (#2650) Failed to update (Audience Is Being Updated)", FacebookErrors.Describe(error));
        Assert.Equal("Meta error 1: no message", FacebookErrors.Describe(new GraphErrorBody { Code = 1 }));
    }

    private static string Kind(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Retry { Throttled: true } => "throttle",
        DeliveryOutcome.Retry r when r.After == FacebookErrors.BusyWait => "busy",
        DeliveryOutcome.Retry => "retry",
        DeliveryOutcome.Failed => "failed",
        _ => outcome.GetType().Name,
    };
}
