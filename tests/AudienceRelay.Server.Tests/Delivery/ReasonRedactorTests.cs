using AudienceRelay.Server.Delivery;

namespace AudienceRelay.Server.Tests.Delivery;

public sealed class ReasonRedactorTests
{
    [Theory]
    [InlineData("Invalid email address 'jane.doe@example.com' in profile 3", "Invalid email address '[redacted]' in profile 3")]
    [InlineData("phone_number +1 650 555 1212 is not valid", "phone_number [redacted] is not valid")]
    [InlineData("Meta error 190/460: Error validating access token", "Meta error 190/460: Error validating access token")]
    [InlineData("(#100) audience 23850000000000001 not found", "(#100) audience 23850000000000001 not found")]
    public void Masks_addresses_and_phone_numbers_but_keeps_codes_and_ids(string reason, string expected) =>
        Assert.Equal(expected, ReasonRedactor.Redact(reason));
}
