using System.Collections.Frozen;

namespace AudienceRelay.Cli.Input;

/// <summary>Names of the user fields, and the lenient lookup from a column header or JSON property to a field.</summary>
internal static class UserFields
{
    /// <summary>
    /// A column or field name is quoted back in an error only when it reads like a name. A CSV without a header row has
    /// a customer in its first line, and a JSONL line can use a value as a key: an error must not print an email or a
    /// phone number to the terminal or a CI log.
    /// </summary>
    public static bool LooksLikeAName(string name) =>
        name.Length <= 40 && !name.Contains('@', StringComparison.Ordinal) && !name.Any(char.IsDigit) && name.All(c => char.IsLetter(c) || c is ' ' or '_' or '-' or '.');

    private static readonly (UserField Field, string Name)[] Canonical =
    [
        (UserField.EdgeTagId, "edgeTagId"),
        (UserField.Email, "email"),
        (UserField.Phone, "phone"),
        (UserField.FirstName, "firstName"),
        (UserField.LastName, "lastName"),
        (UserField.Country, "country"),
        (UserField.PostalCode, "postalCode"),
        (UserField.Currency, "currency"),
        (UserField.Profit, "profit"),
        (UserField.Total7Days, "total7Days"),
    ];

    // Keys are compared after Simplify: "First Name", "first_name" and "FIRSTNAME" all mean firstName.
    private static readonly FrozenDictionary<string, UserField> ByName = Canonical
        .Select(entry => (Key: Simplify(entry.Name), entry.Field))
        .Concat(new (string Key, UserField Field)[]
        {
            (Simplify("purchase.currency"), UserField.Currency),
            (Simplify("purchase.profit"), UserField.Profit),
            (Simplify("purchase.total7Days"), UserField.Total7Days),
            (Simplify("ignore"), UserField.Ignore),
        })
        .ToFrozenDictionary(entry => entry.Key, entry => entry.Field);

    /// <summary>"edgeTagId, email, …": what an error message lists as the known fields.</summary>
    public static string KnownList { get; } = string.Join(", ", Canonical.Select(entry => entry.Name));

    public static string NameOf(UserField field) =>
        field == UserField.Ignore ? "ignore" : Canonical.First(entry => entry.Field == field).Name;

    /// <summary>Finds the field a header or property names; "ignore" resolves to <see cref="UserField.Ignore"/>.</summary>
    public static bool TryResolve(string name, out UserField field) => ByName.TryGetValue(Simplify(name), out field);

    private static string Simplify(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or ' ' or '.'))).Trim().ToLowerInvariant();
}
