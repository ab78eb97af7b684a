using System.Text.Json;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary><c>type=custom</c> to TikTok (hashed ids) and Klaviyo (raw profiles): exactly what each platform ends up holding.</summary>
public sealed class TikTokKlaviyoTests : IAsyncLifetime
{
    private static readonly string Users = JsonSerializer.Serialize(new object[]
    {
        new
        {
            email = "  Jane.Doe@Example.COM ", phone = "(650) 555-1212", firstName = "Vale\u0301ry", lastName = "O'Brien", country = "US",
            postalCode = "94025-1234", edgeTagId = "edge-1", purchase = new { currency = "USD", profit = 12.5, total7Days = 40 },
        },
        new { email = "Sam@Example.org", phone = "+44 20 7946 0018", firstName = " Mary  Ann ", lastName = "Smith-Jones", country = "United Kingdom", postalCode = "sw1a 1aa" },
        new { phone = "0044 20 7946 0999" },
        new { edgeTagId = "edge-4", firstName = "Only" },
    });

    private PlatformEmulators _platforms = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _platforms = await PlatformEmulators.StartAsync();
        _server = await TestServer.StartAsync(PlatformEmulators.Settings(_platforms.TikTokInstance(), _platforms.KlaviyoInstance()));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _platforms.DisposeAsync();
    }

    [Fact]
    public async Task TikTok_holds_exactly_the_sha256_of_canonical_emails_and_e164_digits_without_plus()
    {
        var (status, body, _) = await Upload.PostAsync(_server.Http, Upload.Form("Hashed", "custom", Upload.Batch(601, 1, 1, 4), Users), "?sync=true");

        Assert.Equal(200, status);
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Equal("succeeded", r.GetProperty("state").GetString()));
        var audience = Assert.Single(_platforms.TikTok.Audiences(PlatformEmulators.Advertiser), a => a.Name == "blotout_Hashed");
        Assert.Equal(
            Expected.Set(Expected.Sha("jane.doe@example.com"), Expected.Sha("sam@example.org")),
            _platforms.TikTok.Members(audience.AudienceId, "EMAIL_SHA256"));
        Assert.Equal(
            Expected.Set(Expected.Sha("16505551212"), Expected.Sha("442079460018"), Expected.Sha("442079460999")),
            _platforms.TikTok.Members(audience.AudienceId, "PHONE_SHA256"));
    }

    [Fact]
    public async Task Klaviyo_holds_exactly_the_raw_profiles_with_purchase_properties_and_no_phone_only_profile_without_sms()
    {
        var (status, _, _) = await Upload.PostAsync(_server.Http, Upload.Form("Raw", "custom", Upload.Batch(602, 1, 1, 4), Users), "?sync=true");

        Assert.Equal(200, status);
        var list = Assert.Single(_platforms.Klaviyo.Lists(PlatformEmulators.KlaviyoKey), l => l.Name == "blotout_Raw");
        var profiles = _platforms.Klaviyo.ListMembers(list.Id).Select(Describe).Order(StringComparer.Ordinal).ToList();
        string[] expected =
        [
            Profile(email: null, phone: null, externalId: "edge-4", first: "Only", last: null, location: "", properties: ""),
            Profile("jane.doe@example.com", "+16505551212", "edge-1", "Val\u00e9ry", "O'Brien", "zip=94025", "purchase_currency=USD;purchase_profit=12.5;purchase_total_7_days=40"),
            Profile("sam@example.org", "+442079460018", null, "Mary Ann", "Smith-Jones", "zip=SW1A1AA", ""),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), profiles);
    }

    private static string Profile(string? email, string? phone, string? externalId, string? first, string? last, string location, string properties) =>
        $"email={email}|phone={phone}|external_id={externalId}|first={first}|last={last}|location={location}|properties={properties}";

    private static string Describe(AudienceRelay.Emulators.Klaviyo.KlaviyoProfileView p) =>
        Profile(p.Email, p.PhoneNumber, p.ExternalId, p.FirstName, p.LastName, Flatten(p.Location), Flatten(p.Properties));

    // Numbers compare by value (12.5 and 12.50 are the same property), strings as they are.
    private static string Flatten(IReadOnlyDictionary<string, JsonElement> values) => string.Join(';', values
        .OrderBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => p.Key + "=" + (p.Value.ValueKind == JsonValueKind.Number
            ? p.Value.GetDecimal().ToString("G29", System.Globalization.CultureInfo.InvariantCulture)
            : p.Value.ToString())));
}
