namespace AudienceRelay.Server.Uploads;

/// <summary>The multipart fields of one upload, read but not yet validated.</summary>
internal sealed class RawUpload
{
    public string? Name { get; set; }
    public string? Type { get; set; }
    public byte[]? Batch { get; set; }
    public ChunkedBytes? Users { get; set; }

    /// <summary>How many form parts arrived (known and unknown).</summary>
    public int Parts { get; set; }
}
