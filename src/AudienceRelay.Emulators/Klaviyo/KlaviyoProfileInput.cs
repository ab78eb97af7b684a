namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// One valid profile of a bulk import, waiting for its job to complete: the attributes that were sent, packed as a
/// profile holds them (<see cref="KlaviyoProfileData"/>); null attributes are left out.
/// </summary>
internal sealed class KlaviyoProfileInput(byte[] packed)
{
    public byte[] Packed { get; } = packed;

    public string? Field(string field) => KlaviyoProfileData.Field(Packed, field);
}
