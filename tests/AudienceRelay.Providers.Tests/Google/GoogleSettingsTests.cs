using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Configuration;
using AudienceRelay.Providers.Google;

namespace AudienceRelay.Providers.Tests.Google;

public sealed class GoogleSettingsTests
{
    private static readonly GoogleProviderFactory Factory = new();

    private static ProviderSettings Settings(params (string Key, string? Value)[] values)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["CustomerId"] = "123-456-7890",
            ["DeveloperToken"] = "dev",
            ["ClientId"] = "client",
            ["ClientSecret"] = "secret",
            ["RefreshToken"] = "refresh",
        };
        foreach (var (key, value) in values)
        {
            all[key] = value;
        }

        return new ProviderSettings("g", "google", null, all, Factory.DefaultLimits);
    }

    [Fact]
    public void Defaults_are_the_documented_ones_and_dashes_are_removed_from_customer_ids()
    {
        Assert.Empty(Factory.Validate(Settings()));
        var google = GoogleSettings.From(Settings(("LoginCustomerId", "999-888-7777")));

        Assert.Equal("1234567890", google.CustomerId);
        Assert.Equal("9998887777", google.LoginCustomerId);
        Assert.Equal("https://googleads.googleapis.com/v26/", google.ApiRoot);
        Assert.Equal(new Uri("https://oauth2.googleapis.com/token"), google.TokenUrl);
        Assert.Equal(("UNSPECIFIED", "UNSPECIFIED", 540), (google.AdUserDataConsent, google.AdPersonalizationConsent, google.MembershipLifeSpanDays));
        Assert.True(Factory.DefaultLimits.OnePerSession);
        Assert.Equal(100_000, Factory.DefaultLimits.MaxUsersPerRequest);
    }

    [Fact]
    public void Each_missing_or_malformed_setting_is_named()
    {
        var problems = Factory.Validate(Settings(
            ("CustomerId", "12345"), ("DeveloperToken", " "), ("LoginCustomerId", "abc"), ("ApiVersion", "26"), ("TokenUrl", "ftp://x"),
            ("AdUserDataConsent", "YES"), ("AdPersonalizationConsent", "granted"), ("MembershipLifeSpanDays", "541"), ("JobPollInterval", "soon"), ("JobMaxPolls", "0"))).ToList();

        string[] named = ["DeveloperToken", "CustomerId", "LoginCustomerId", "ApiVersion", "TokenUrl", "AdUserDataConsent", "MembershipLifeSpanDays", "JobPollInterval", "JobMaxPolls"];
        Assert.Equal(named.Length, problems.Count);
        Assert.All(named, key => Assert.Contains(problems, p => p.StartsWith($"Providers:g:{key}:", StringComparison.Ordinal)));
        Assert.Empty(Factory.Validate(Settings(("MembershipLifeSpanDays", "10000"), ("AdPersonalizationConsent", "granted"))));
    }

    [Fact]
    public void A_name_cannot_end_its_GAQL_literal()
    {
        Assert.Equal("""'O\'Brien \"VIP\" \\'""", GoogleQuery.Quote("O'Brien \"VIP\" \\"));
    }

    [Fact]
    public void Requests_hold_at_most_100000_identifiers_and_the_configured_people()
    {
        var rows = new GoogleRows();
        var keys = Enumerable.Range(0, 5).Select(i => IdentityNormalizer.Normalize(new AudienceUser { Email = $"p{i}@example.com", Phone = $"+1650555{i:0000}" })).ToList();
        rows.Add(keys, new HashCache());

        Assert.Equal([(0, 2), (2, 2), (4, 1)], rows.Requests(maxUsers: 2));
        Assert.Equal([(0, 5)], rows.Requests(maxUsers: 100_000));
        Assert.All(rows.Users, u => Assert.Equal(2, u.UserIdentifiers.Count));
    }
}
