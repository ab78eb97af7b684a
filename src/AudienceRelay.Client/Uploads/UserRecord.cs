using System.Text;

namespace AudienceRelay.Client;

/// <summary>One user of the <c>users</c> array. Every field is optional; the server decides which are usable.</summary>
public sealed record UserRecord
{
    public string? EdgeTagId { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Country { get; init; }
    public string? PostalCode { get; init; }
    public PurchaseRecord? Purchase { get; init; }

    // A record prints every property by default; a user is personal data, so a stray log line or
    // assertion message must not show it.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("redacted");
        return true;
    }
}
