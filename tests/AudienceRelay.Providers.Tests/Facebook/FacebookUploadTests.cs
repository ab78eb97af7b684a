using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests.Facebook;

public sealed class FacebookUploadTests
{
    private static readonly AudienceUser Jane = new()
    {
        Email = " Jane.Doe@Example.com ",
        Phone = "+1 (650) 555-1212",
        FirstName = "Jane",
        LastName = "Doe",
        Country = "US",
        PostalCode = "94025-1234",
        EdgeTagId = "edge-1",
    };

    [Fact]
    public async Task Custom_batch_adds_members_with_Meta_hashes()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_test");
        var ledger = new FakeSessionLedger(totalBatches: 1) { BatchesArrived = 1 };
        AudienceUser[] users = [Jane, new() { Email = "john@example.com" }, new() { FirstName = "Nobody", Country = "US" }];

        var outcome = await bed.Provider().DeliverAsync(MetaTestbed.Work(audienceId, users, ledger.Open(), totalUsers: 3), CancellationToken.None);

        var counts = Assert.IsType<DeliveryOutcome.Succeeded>(outcome).Counts;
        Assert.Equal(2, counts.UsersSent);
        Assert.Equal(1, counts.UsersSkipped);
        Assert.Equal(1, counts.SkippedReasons["noMetaIdentifier"]);
        Assert.Equal(2, counts.PlatformCounts["num_received"]);
        Assert.Equal(0, counts.PlatformCounts["num_invalid_entries"]);

        // Expected values from Meta's documented rules, hashed here directly.
        var expectedJane = new Dictionary<string, string>
        {
            ["EMAIL"] = MetaTestbed.Sha("jane.doe@example.com"),
            ["PHONE"] = MetaTestbed.Sha("16505551212"),
            ["FN"] = MetaTestbed.Sha("jane"),
            ["LN"] = MetaTestbed.Sha("doe"),
            ["COUNTRY"] = MetaTestbed.Sha("us"),
            ["ZIP"] = MetaTestbed.Sha("94025"),
            ["EXTERN_ID"] = "edge-1",
        };
        var members = bed.Emulator.Members(audienceId);
        Assert.Equal(2, members.Count);
        Assert.Contains(members, m => m.Count == expectedJane.Count && expectedJane.All(e => m.TryGetValue(e.Key, out var v) && v == e.Value));
        Assert.Contains(members, m => m.Count == 1 && m["EMAIL"] == MetaTestbed.Sha("john@example.com"));

        var request = Assert.Single(bed.Tap.Requests);
        Assert.Equal($"/meta/v25.0/{audienceId}/users", request.Path);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal(["EMAIL", "PHONE", "FN", "LN", "COUNTRY", "ZIP", "EXTERN_ID"], body.RootElement.GetProperty("payload").GetProperty("schema").EnumerateArray().Select(s => s.GetString()));
        var session = body.RootElement.GetProperty("session");
        Assert.Equal(MetaTestbed.MetaSession(audienceId), session.GetProperty("session_id").GetInt64());
        Assert.Equal(1, session.GetProperty("batch_seq").GetInt64());
        Assert.True(session.GetProperty("last_batch_flag").GetBoolean());
        Assert.Equal(3, session.GetProperty("estimated_num_total").GetInt64());
        Assert.DoesNotContain("jane", request.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Value_based_instance_sends_LOOKALIKE_VALUE()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_ltv", valueBased: true);
        var ledger = new FakeSessionLedger(1) { BatchesArrived = 1 };
        AudienceUser[] users =
        [
            new() { Email = "a@example.com", Purchase = new PurchaseData { Profit = 120.5m, Total7Days = 300m } },
            new() { Email = "b@example.com", Purchase = new PurchaseData { Total7Days = 42m } },
            new() { Email = "c@example.com" },
        ];

        var outcome = await bed.Provider(extra: [("ValueBased", "true")]).DeliverAsync(MetaTestbed.Work(audienceId, users, ledger.Open()), CancellationToken.None);

        Assert.IsType<DeliveryOutcome.Succeeded>(outcome);
        var values = bed.Emulator.Members(audienceId).ToDictionary(m => m["EMAIL"], m => m.GetValueOrDefault("LOOKALIKE_VALUE"));
        Assert.Equal("120.5", values[MetaTestbed.Sha("a@example.com")]);
        Assert.Equal("42", values[MetaTestbed.Sha("b@example.com")]);
        Assert.Null(values[MetaTestbed.Sha("c@example.com")]);
        Assert.Contains("\"LOOKALIKE_VALUE\"", bed.Tap.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_id_zero_becomes_a_stable_positive_63_bit_id_of_the_instance_audience_and_session()
    {
        await using var bed = await MetaTestbed.StartAsync();
        var audienceId = bed.Emulator.SeedAudience(MetaTestbed.AccountId, "blotout_zero");
        var ledger = new FakeSessionLedger(2) { BatchesArrived = 2 };
        var provider = bed.Provider();

        var first = ledger.Open();
        var second = ledger.Open();
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(MetaTestbed.Work(audienceId, MetaTestbed.Emails("a", 1), first, sessionId: 0, sequence: 0, totalBatches: 2), CancellationToken.None));
        ledger.End(first);
        Assert.IsType<DeliveryOutcome.Succeeded>(await provider.DeliverAsync(MetaTestbed.Work(audienceId, MetaTestbed.Emails("b", 1), second, sessionId: 0, sequence: 1, totalBatches: 2), CancellationToken.None));

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"audience-relay/meta-session/{MetaTestbed.Instance}/{audienceId}/0/0"));
        var expected = (long)(BinaryPrimitives.ReadUInt64BigEndian(digest) & long.MaxValue);
        Assert.Equal([(expected, 1L, false), (expected, 2L, true)], bed.Tap.Sessions());
        Assert.True(expected > 0);
        Assert.Equal([1, 2], Assert.Single(bed.Emulator.Sessions(audienceId)).BatchSeqs);
    }
}
