using AudienceRelay.Providers.Facebook;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class ThrottleHintsTests
{
    [Fact]
    public void Business_use_case_usage_gives_the_longest_regain_time()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation(
            "X-Business-Use-Case-Usage",
            """{"111":[{"type":"custom_audience","call_count":100,"estimated_time_to_regain_access":7}],"222":[{"type":"ads_management","estimated_time_to_regain_access":"19"},{"type":"custom_audience","estimated_time_to_regain_access":0}]}""");
        response.Headers.TryAddWithoutValidation("X-Ad-Account-Usage", """{"acc_id_util_pct":100,"reset_time_duration":30}""");

        Assert.Equal(TimeSpan.FromMinutes(19), ThrottleHints.Wait(response.Headers));
    }

    [Fact]
    public void Ad_account_usage_reset_time_is_used_when_no_regain_time_is_given()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("X-Business-Use-Case-Usage", """{"111":[{"type":"custom_audience","estimated_time_to_regain_access":0}]}""");
        response.Headers.TryAddWithoutValidation("X-Ad-Account-Usage", """{"acc_id_util_pct":99.5,"reset_time_duration":90,"ads_api_access_tier":"standard_access"}""");

        Assert.Equal(TimeSpan.FromSeconds(90), ThrottleHints.Wait(response.Headers));
    }

    [Theory]
    [InlineData("X-App-Usage", """{"call_count":100,"total_cputime":20,"total_time":20}""")]
    [InlineData("X-Business-Use-Case-Usage", "not json")]
    [InlineData("X-Business-Use-Case-Usage", """{"111":{"estimated_time_to_regain_access":5}}""")]
    [InlineData("X-Ad-Account-Usage", """{"reset_time_duration":-3}""")]
    public void Headers_without_a_usable_time_give_no_wait(string header, string value)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation(header, value);

        Assert.Null(ThrottleHints.Wait(response.Headers));
    }

    [Fact]
    public void An_absurd_wait_is_capped_at_a_day()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("X-Business-Use-Case-Usage", """{"1":[{"estimated_time_to_regain_access":100000}]}""");

        Assert.Equal(TimeSpan.FromHours(24), ThrottleHints.Wait(response.Headers));
    }
}
