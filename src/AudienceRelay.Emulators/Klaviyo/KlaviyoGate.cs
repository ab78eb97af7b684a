using System.Globalization;
using System.Text.RegularExpressions;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// The checks every <c>/api/</c> call passes before its endpoint: the private key in
/// <c>Authorization: Klaviyo-API-Key &lt;key&gt;</c>, then the <c>revision: YYYY-MM-DD[.suffix]</c> header
/// (https://developers.klaviyo.com/en/reference/api_overview#authentication, #versioning).
/// </summary>
internal static partial class KlaviyoGate
{
    private const string Scheme = "Klaviyo-API-Key ";

    public static (KlaviyoAccount? Account, KlaviyoError? Error) Authenticate(HttpContext context, KlaviyoStore store)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return (null, new KlaviyoError(401, "not_authenticated", "Authentication credentials were not provided.", "Missing or invalid Authorization header: send 'Authorization: Klaviyo-API-Key <private key>'.", Pointer: "/data/"));
        }

        var account = header.StartsWith(Scheme, StringComparison.Ordinal) ? store.Find(header[Scheme.Length..].Trim()) : null;
        return account is null
            ? (null, new KlaviyoError(401, "authentication_failed", "Incorrect authentication credentials.", "Incorrect authentication credentials.", Pointer: "/data/"))
            : (account, null);
    }

    /// <summary>A missing, malformed or not-yet-released revision is a 400; a future date cannot name a revision.</summary>
    public static KlaviyoError? CheckRevision(HttpContext context, DateTimeOffset now)
    {
        var revision = context.Request.Headers["revision"].ToString();
        if (revision.Length == 0)
        {
            return KlaviyoError.InvalidParameter("Missing required header 'revision': send the API revision date as YYYY-MM-DD, e.g. 'revision: 2025-01-15'.", "revision");
        }

        var match = RevisionPattern().Match(revision);
        if (!match.Success || !DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return KlaviyoError.InvalidParameter("Invalid 'revision' header: expected a date as YYYY-MM-DD (optionally with a .suffix).", "revision");
        }

        return date > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1)
            ? KlaviyoError.InvalidParameter("Invalid 'revision' header: no revision exists for that date yet.", "revision")
            : null;
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(\.[A-Za-z0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RevisionPattern();
}
