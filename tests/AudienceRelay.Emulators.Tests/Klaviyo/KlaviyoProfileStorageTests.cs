using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Klaviyo;

namespace AudienceRelay.Emulators.Tests.Klaviyo;

/// <summary>Profiles held packed: what an upsert keeps, how identifiers are found, and what a completed job still holds.</summary>
public sealed class KlaviyoProfileStorageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_upsert_overwrites_the_attributes_sent_keeps_the_others_and_merges_location_key_by_key()
    {
        var account = new KlaviyoAccount("pk_test", 75);
        var created = account.Upsert(Input("""{"email":"Zoë@Example.com","first_name":"Zoë","last_name":"Lee","location":{"country":"FR","zip":"75001"},"properties":{"tier":"gold"}}"""), Now);

        var updated = account.Upsert(Input("""{"email":"zoë@example.COM","last_name":"Li","phone_number":"+33612345678","location":{"zip":"75002","city":"Paris"}}"""), Now.AddMinutes(1));

        Assert.Same(created, updated);
        var view = updated.ToView();
        Assert.Equal("zoë@example.COM", view.Email);
        Assert.Equal("Zoë", view.FirstName);
        Assert.Equal("Li", view.LastName);
        Assert.Equal("+33612345678", view.PhoneNumber);
        Assert.Null(view.ExternalId);
        Assert.Equal(["country", "zip", "city"], view.Location.Keys);
        Assert.Equal("75002", view.Location["zip"].GetString());
        Assert.Equal("gold", view.Properties["tier"].GetString());
        Assert.Equal(Now, updated.Created);
        Assert.Equal(Now.AddMinutes(1), updated.Updated);
    }

    [Fact]
    public void Profiles_are_found_by_phone_then_external_id_and_a_new_identifier_finds_the_same_profile_later()
    {
        var account = new KlaviyoAccount("pk_test", 75);
        var byPhone = account.Upsert(Input("""{"phone_number":"+15005550006","external_id":"edge-1"}"""), Now);

        var again = account.Upsert(Input("""{"external_id":"edge-1","email":"new@example.com"}"""), Now);
        var byEmail = account.Upsert(Input("""{"email":"NEW@example.com","first_name":"N"}"""), Now);
        var other = account.Upsert(Input("""{"external_id":"edge-2"}"""), Now);

        Assert.Same(byPhone, again);
        Assert.Same(byPhone, byEmail);
        Assert.NotSame(byPhone, other);
        Assert.Equal(2, account.Profiles.Count);
        Assert.Equal("N", byPhone.Field("first_name"));
        Assert.Null(byPhone.Field("no_such_field"));
    }

    [Fact]
    public void A_completed_job_keeps_its_counts_but_not_its_profiles()
    {
        var account = new KlaviyoAccount("pk_test", 75);
        var list = new KlaviyoList("Ab12Cd", "vip", Now);
        account.Lists.Add(list.Id, list);
        var job = new KlaviyoImportJob("job", Now, [list.Id], [Input("""{"email":"a@example.com"}"""), Input("""{"email":"b@example.com"}""")], []);

        Assert.Equal(2, job.Pending.Count);
        account.Complete(job, Now);

        Assert.Empty(job.Pending);
        Assert.Equal(2, job.TotalCount);
        Assert.Equal(2, job.CompletedCount);
        Assert.Equal(2, list.Members.Count);
        Assert.Equal(["a@example.com", "b@example.com"], list.Members.Keys.Select(id => account.Profiles[id].Email));
    }

    private static KlaviyoProfileInput Input(string attributes)
    {
        var resource = new JsonObject { ["type"] = "profile", ["attributes"] = JsonNode.Parse(attributes) };
        var (profile, importError, requestError) = KlaviyoProfileParser.Parse(resource, 0, 100_000, smsEnabled: true);
        Assert.Null(importError);
        Assert.Null(requestError);
        return profile!;
    }
}
