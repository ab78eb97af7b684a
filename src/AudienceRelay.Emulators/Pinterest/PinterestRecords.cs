namespace AudienceRelay.Emulators.Pinterest;

/// <summary>
/// The <c>records</c> string of a customer list call: comma-separated; for an EMAIL list each record is a lower-case
/// email, or its SHA1, SHA256 or MD5 hex digest ("Emails must be lowercase and can be plain text or hashed using SHA1,
/// SHA256, or MD5", CustomerListRequest.records). A blank record (",,", a trailing comma, spaces) is refused.
/// </summary>
internal static class PinterestRecords
{
    public static (List<string>? Records, string? Error) Parse(string records, int max)
    {
        var parts = records.Split(',');
        if (parts.Length > max)
        {
            return (null, $"records: at most {max} records per call");
        }

        for (var i = 0; i < parts.Length; i++)
        {
            var record = parts[i];
            if (record.Length == 0 || record.Any(char.IsWhiteSpace))
            {
                return (null, $"records: record {i} is empty or has whitespace (records are separated by single commas)");
            }

            if (!IsLowerHexDigest(record) && !IsLowerEmail(record))
            {
                return (null, $"records: record {i} is neither a lower-case email nor a lower-case SHA1, SHA256 or MD5 hex digest");
            }
        }

        return ([.. parts], null);
    }

    private static bool IsLowerHexDigest(string value) =>
        value.Length is 32 or 40 or 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static bool IsLowerEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < value.Length - 1 && value.IndexOf('@', at + 1) < 0 && !value.Any(char.IsUpper);
    }
}
