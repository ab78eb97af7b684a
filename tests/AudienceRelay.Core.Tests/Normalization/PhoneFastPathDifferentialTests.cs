using AudienceRelay.Core.Normalization;
using CsCheck;
using PhoneNumbers;

namespace AudienceRelay.Core.Tests.Normalization;

/// <summary>The fast paths must agree with libphonenumber on every number they accept.</summary>
public sealed class PhoneFastPathDifferentialTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly int[] CallingCodes = [.. Util.GetSupportedCallingCodes().Order()];
    private static readonly string[] NanpRegions = [.. Util.GetRegionCodesForCountryCode(1)];

    private static readonly Gen<string> Separated = Gen.Char["0123456789"].Array[3, 16].SelectMany(
        digits => Gen.Char["    --.()"].Array[digits.Length].Select(separators => Interleave(digits, separators)),
        (_, text) => text);

    [Fact]
    public void International_fast_path_matches_libphonenumber()
    {
        var accepted = 0;
        Gen.Select(Gen.Int[0, CallingCodes.Length - 1], Separated).Sample((index, national) =>
        {
            var afterPlus = CallingCodes[index] + national;
            if (PhoneFastPath.TryInternational(afterPlus, out var e164))
            {
                Interlocked.Increment(ref accepted);
                Assert.Equal(Reference("+" + afterPlus, "ZZ"), e164);
            }
        }, iter: 50_000);

        Assert.True(accepted > 1_000, $"only {accepted} generated numbers took the fast path");
    }

    [Fact]
    public void Nanp_fast_path_matches_libphonenumber()
    {
        var accepted = 0;
        Gen.Select(Gen.OneOfConst(NanpRegions), Gen.Char["0123456789"].Array[10, 11], Gen.Char[" -.()"].Array[11]).Sample((region, digits, separators) =>
        {
            var national = Interleave(digits, separators);
            if (PhoneFastPath.TryNanpNational(national, region, out var e164))
            {
                Interlocked.Increment(ref accepted);
                Assert.Equal(Reference(national, region), e164);
            }
        }, iter: 20_000);

        Assert.True(accepted > 1_000, $"only {accepted} generated numbers took the fast path");
    }

    [Fact]
    public void Every_regions_example_numbers_normalize_like_libphonenumber_in_all_formats()
    {
        foreach (var region in Util.GetSupportedRegions())
        {
            foreach (var type in new[] { PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE })
            {
                var example = Util.GetExampleNumberForType(region, type);
                if (example is null || Util.IsPossibleNumberWithReason(example) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE)
                {
                    continue;
                }

                var expected = Util.Format(example, PhoneNumberFormat.E164);
                Assert.Equal(expected, GoogleIdentity.NormalizePhoneNumber(expected, null));
                Assert.Equal(expected, GoogleIdentity.NormalizePhoneNumber(Util.Format(example, PhoneNumberFormat.INTERNATIONAL), null));
                Assert.Equal(expected, GoogleIdentity.NormalizePhoneNumber("00" + expected[1..], null));

                // National numbers need an ISO country; libphonenumber also has regions that are not ISO codes (AC, TA).
                if (CountryRules.Codes.Contains(region))
                {
                    var national = Util.Format(example, PhoneNumberFormat.NATIONAL);
                    Assert.Equal(Reference(national, region), GoogleIdentity.NormalizePhoneNumber(national, region));
                }
            }
        }
    }

    /// <summary>libphonenumber alone, with the same acceptance rule (possible, not local-only).</summary>
    private static string? Reference(string input, string region)
    {
        try
        {
            var number = Util.Parse(input, region);
            return Util.IsPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE
                ? Util.Format(number, PhoneNumberFormat.E164)
                : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static string Interleave(char[] digits, char[] separators)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            builder.Append(digits[i]);
            if (i < separators.Length && separators[i] != ' ' && i % 3 == 2)
            {
                builder.Append(separators[i]);
            }
        }

        return builder.ToString();
    }
}
