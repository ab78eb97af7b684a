using System.Text.RegularExpressions;

namespace AudienceRelay.Server.Delivery;

/// <summary>
/// A platform's error text is stored and shown as a delivery's <c>lastError</c>, returned by
/// <c>sync=true</c> and logged nowhere else. Platforms sometimes quote the offending value (an
/// address in a validation message), so email addresses and international phone numbers are masked
/// before the text leaves the provider layer.
/// </summary>
internal static partial class ReasonRedactor
{
    public const string Mask = "[redacted]";

    public static string? Redact(string? reason) =>
        reason is null ? null : Phone().Replace(Email().Replace(reason, Mask), Mask);

    [GeneratedRegex(@"[^\s""'<>(),;:\[\]]+@[^\s""'<>(),;:\[\]]+\.[^\s""'<>(),;:\[\]]+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\+\d[\d\s().-]{6,18}\d", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
