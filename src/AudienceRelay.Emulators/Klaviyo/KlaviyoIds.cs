namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>Ids shaped like Klaviyo's: lists have 6 alphanumerics ("Y6nRLr"), profiles 26-character ULIDs.</summary>
internal static class KlaviyoIds
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string NewListId() => Random(Alphanumerics, 6);

    /// <summary>A ULID: 10 characters of millisecond time, then 16 random ones, so ids sort by creation.</summary>
    public static string NewUlid(DateTimeOffset now)
    {
        var millis = now.ToUnixTimeMilliseconds();
        var time = new char[10];
        for (var i = 9; i >= 0; i--)
        {
            time[i] = Crockford[(int)(millis & 31)];
            millis >>= 5;
        }

        return new string(time) + Random(Crockford, 16);
    }

    private static string Random(string alphabet, int length) =>
        string.Create(length, alphabet, static (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[System.Random.Shared.Next(chars.Length)];
            }
        });
}
