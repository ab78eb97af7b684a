namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// A payload that passed the shape checks: its valid rows, how many rows arrived, and the rows Meta would count
/// as invalid entries (with samples keyed by row position, never by the value, so no personal data is echoed).
/// </summary>
internal sealed record ParsedPayload(
    IReadOnlyList<MemberRow> Rows,
    int NumReceived,
    int NumInvalidEntries,
    IReadOnlyDictionary<string, string> InvalidEntrySamples)
{
    /// <summary>Whether the schema carries LOOKALIKE_VALUE (value-based audiences only).</summary>
    public bool HasLookalikeValue { get; init; }
}
