namespace AudienceRelay.Server.Uploads;

/// <summary>
/// The most each user field may hold, and the characters it may not. A value that breaks a rule
/// cannot be a real identifier (an address longer than RFC 5321 allows, a NUL in a name) and would
/// only push a platform request past its size limit, so the user is skipped with a reason; the rest
/// of the batch goes on. The caps are documented in README.md ("Limits").
/// </summary>
internal static class UserFieldRules
{
    /// <summary>Longest accepted value per field, in UTF-16 characters as the JSON string decodes.</summary>
    public static int MaxLength(string field) => field switch
    {
        "email" => 254,
        "phone" => 32,
        "firstName" or "lastName" => 128,
        "country" => 64,
        "postalCode" => 32,
        "edgeTagId" => 256,
        "purchase.currency" => 16,
        _ => 256,
    };

    /// <summary>The skip reason for a value that breaks its field's rule, or null when it is fine.</summary>
    public static string? Check(string field, string value)
    {
        if (value.Length > MaxLength(field))
        {
            return TooLong(field);
        }

        // Tabs, line breaks, NUL and the C1 controls are never part of an identifier or a name. Leading and
        // trailing whitespace (a tab, a CR left by a spreadsheet export) is trimmed by normalization as before.
        foreach (var c in value.AsSpan().Trim())
        {
            if (char.IsControl(c))
            {
                return Key(field) + "HasControlCharacters";
            }
        }

        return null;
    }

    public static string TooLong(string field) => Key(field) + "TooLong";

    /// <summary><c>purchase.currency</c> becomes <c>purchaseCurrency</c>: one camelCase word per field, as in <c>noIdentifier</c>.</summary>
    private static string Key(string field)
    {
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? field : string.Concat(field.AsSpan(0, dot), char.ToUpperInvariant(field[dot + 1]).ToString(), field.AsSpan(dot + 2));
    }
}
