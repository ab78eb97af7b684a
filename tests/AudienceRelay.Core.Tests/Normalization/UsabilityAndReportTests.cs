using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Core.Tests.Normalization;

public sealed class UsabilityAndReportTests
{
    [Theory]
    [InlineData("a@example.com", null, null, true)]
    [InlineData(null, "+16505551212", null, true)]
    [InlineData(null, null, "edge-1", true)]
    [InlineData("not-an-email", "abc", "   ", false)]
    [InlineData(null, null, null, false)]
    public void A_user_is_usable_with_an_email_a_phone_or_an_edge_tag_id(string? email, string? phone, string? edgeTagId, bool usable)
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser
        {
            Email = email,
            Phone = phone,
            EdgeTagId = edgeTagId,
            FirstName = "John",
            LastName = "Doe",
            Country = "US",
            PostalCode = "90210",
        });

        Assert.Equal(usable, keys.IsUsable);
        Assert.Equal(usable ? SkipReason.None : SkipReason.NoIdentifier, keys.SkipReason);
    }

    [Fact]
    public void Report_counts_skipped_users_and_dropped_fields_by_reason()
    {
        AudienceUser[] users =
        [
            new() { Email = "a@example.com", Phone = "abc", Country = "US" },
            new() { Email = "nope", Phone = "6505551212" },
            new() { Email = "b@example.com", Country = "Narnia", PostalCode = "#" },
            new() { FirstName = "John" },
        ];
        var report = new NormalizationReport();

        foreach (var user in users)
        {
            report.Add(IdentityNormalizer.Normalize(user));
        }

        Assert.Equal(4, report.Users);
        Assert.Equal(2, report.Usable);
        Assert.Equal(2, report.Skipped);
        Assert.Equal(2, report.SkippedByReason[SkipReason.NoIdentifier]);
        Assert.Equal(1, report.Dropped(FieldDrops.PhoneInvalid));
        Assert.Equal(1, report.Dropped(FieldDrops.PhoneMissingCountry));
        Assert.Equal(1, report.Dropped(FieldDrops.EmailInvalid));
        Assert.Equal(1, report.Dropped(FieldDrops.CountryUnknown));
        Assert.Equal(1, report.Dropped(FieldDrops.PostalCodeInvalid));
        Assert.Equal(0, report.Dropped(FieldDrops.FirstNameInvalid));
        Assert.Equal(5, report.DroppedFields.Values.Sum());
    }

    [Fact]
    public void Match_keys_never_print_personal_data()
    {
        var keys = IdentityNormalizer.Normalize(new AudienceUser { Email = "secret@example.com", Phone = "+16505551212" });

        Assert.DoesNotContain("secret", keys.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("6505551212", keys.ToString(), StringComparison.Ordinal);
    }
}
