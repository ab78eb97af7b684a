namespace AudienceRelay.Cli.Input;

/// <summary>A field of the API's user object a column or JSON property can fill, or <see cref="Ignore"/>.</summary>
internal enum UserField
{
    Ignore,
    EdgeTagId,
    Email,
    Phone,
    FirstName,
    LastName,
    Country,
    PostalCode,
    Currency,
    Profit,
    Total7Days,
}
