using System.Text;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Server.Delivery;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>A batch's users are read back from the stored payload when asked for; only the match keys are built up front.</summary>
public sealed class PayloadUsersTests
{
    [Fact]
    public void Every_user_reads_back_as_stored_and_has_its_match_keys()
    {
        var users = new[]
        {
            new AudienceUser { Email = " Ann@Example.com ", FirstName = "Ann", Country = "US", PostalCode = "10001" },
            new AudienceUser { Phone = "+1 650 555 0100", Purchase = new PurchaseData { Currency = "USD", Total7Days = 12.5m } },
            new AudienceUser { EdgeTagId = "tag-1", LastName = "Zoë \"Z\" O'Neil" },
        };
        var payload = JsonSerializer.SerializeToUtf8Bytes(users.ToList(), DeliveryJsonContext.Default.ListAudienceUser);

        var (read, keys) = PayloadUsers.Read(payload);

        Assert.Equal(users, read);
        Assert.Equal(users[2], read[2]);
        Assert.Equal(3, keys.Count);
        Assert.Equal("ann@example.com", keys[0].Email);
        Assert.Equal("+16505550100", keys[1].PhoneE164);
        Assert.Equal("tag-1", keys[2].EdgeTagId);
        Assert.Equal(payload.Length + (3 * 4), read.Bytes);
    }

    [Theory]
    [InlineData("[]", 0)]
    [InlineData("null", 0)]
    [InlineData(" [ {\"email\":\"a@example.com\"} , {\"phone\":\"+16505550100\"} ] ", 2)]
    public void Empty_and_spaced_payloads_read(string json, int count)
    {
        var (read, keys) = PayloadUsers.Read(Encoding.UTF8.GetBytes(json));
        Assert.Equal(count, read.Count);
        Assert.Equal(count, keys.Count);
    }

    [Fact]
    public void A_payload_that_is_not_an_array_of_users_is_refused()
    {
        Assert.Throws<JsonException>(() => PayloadUsers.Read("{\"email\":\"a@example.com\"}"u8.ToArray()));
        Assert.Throws<JsonException>(() => PayloadUsers.Read("[null]"u8.ToArray()));
    }
}
