using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AudienceRelay.Client.Serialization;

/// <summary>
/// JSON serialized once into pooled segments and sent from there with a known <c>Content-Length</c>, so the
/// server can refuse an oversized body up front and nothing holds the payload as one string.
/// </summary>
internal sealed class PooledJsonContent : HttpContent
{
    private readonly SegmentedBuffer buffer;

    private PooledJsonContent(SegmentedBuffer buffer)
    {
        this.buffer = buffer;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    public static PooledJsonContent Create<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new SegmentedBuffer();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                JsonSerializer.Serialize(writer, value, typeInfo);
            }

            return new PooledJsonContent(buffer);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        buffer.CopyToAsync(stream, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        buffer.CopyToAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = buffer.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            buffer.Dispose();
        }

        base.Dispose(disposing);
    }
}
