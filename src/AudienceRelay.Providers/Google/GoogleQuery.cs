using System.Text;

namespace AudienceRelay.Providers.Google;

/// <summary>
/// GAQL string literals (https://developers.google.com/google-ads/api/docs/query/grammar): single-quoted, with a backslash
/// before a quote or backslash inside, so a list name can never end the literal and change the query.
/// </summary>
internal static class GoogleQuery
{
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            if (c is '\'' or '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('\'').ToString();
    }
}
