using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// Reads <c>multipart/form-data</c> as a stream, section by section, with explicit limits: the body
/// (default 64 MB), the small fields, and the headers. <c>users</c> may be a plain field or a file
/// part; both arrive as the section's bytes. Nothing here buffers the whole form through ASP.NET's
/// form reader, whose default limits are far below a real batch. A form has at most
/// <see cref="MaxParts"/> parts; unknown parts among them are read past and ignored, like unknown
/// JSON fields. A body slower than Kestrel's minimum data rate (240 bytes/s after a 5 s grace) is a 408.
/// </summary>
internal static class MultipartUploadReader
{
    /// <summary>The four fields and room for a client's extra parts (ignored); more is a 400.</summary>
    public const int MaxParts = 16;

    private const int SmallFieldLimit = 64 * 1024;

    public static async Task<RawUpload> ReadAsync(HttpRequest request, IngressOptions options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new UploadRejection(StatusCodes.Status415UnsupportedMediaType,
                "Content-Type: the body must be multipart/form-data with the fields name, type, batch and users.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, "Content-Type: the multipart boundary is missing or invalid.");
        }

        if (request.ContentLength > options.MaxBodyBytes)
        {
            throw TooLarge(options);
        }

        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = options.MaxBodyBytes;
        }

        var upload = new RawUpload();
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = options.MaxBodyBytes };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                await ReadSectionAsync(section, upload, options, cancellationToken);
            }
        }
        catch (IOException ex) when (ex is not EndOfStreamException && ex.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge(options);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(options);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            throw new UploadRejection(StatusCodes.Status408RequestTimeout,
                "body: the request body arrived too slowly (below 240 bytes per second after a 5 second grace period); nothing was stored, send the upload again.");
        }
        catch (IOException)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, "body: the multipart body is malformed or ends early (check the boundary).");
        }
        catch (InvalidDataException)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, "body: the multipart body is malformed (check the boundary and part headers).");
        }

        return upload;
    }

    private static async Task ReadSectionAsync(MultipartSection section, RawUpload upload, IngressOptions options, CancellationToken cancellationToken)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, "body: every part needs a Content-Disposition: form-data header with a name.");
        }

        if (++upload.Parts > MaxParts)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest,
                $"body: more than {MaxParts} form parts; an upload has the fields name, type, batch and users (other parts are ignored, up to {MaxParts} parts in all).");
        }

        var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
        switch (name)
        {
            case "name":
                upload.Name = Once(upload.Name, name, await ReadTextAsync(section, name, cancellationToken));
                break;
            case "type":
                upload.Type = Once(upload.Type, name, await ReadTextAsync(section, name, cancellationToken));
                break;
            case "batch":
                upload.Batch = Once(upload.Batch, name, await ReadBytesAsync(section.Body, SmallFieldLimit, name, cancellationToken));
                break;
            case "users":
                upload.Users = Once(upload.Users, name, await ChunkedBytes.ReadAsync(section.Body, options.MaxBodyBytes, name, cancellationToken));
                break;
            default:
                // Unknown parts are read past and ignored, like unknown JSON fields (they count toward MaxParts and the body limit).
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                break;
        }
    }

    private static T Once<T>(T? current, string field, T value) where T : class =>
        current is null ? value : throw new UploadRejection(StatusCodes.Status400BadRequest, $"{field}: the field is sent more than once.");

    private static async Task<string> ReadTextAsync(MultipartSection section, string field, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(section.Body, SmallFieldLimit, field, cancellationToken);
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, $"{field}: the value is not valid UTF-8.");
        }
    }

    private static async Task<byte[]> ReadBytesAsync(Stream body, long limit, string field, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(64 * 1024);
            var read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw new UploadRejection(StatusCodes.Status413PayloadTooLarge, $"{field}: the field is larger than the limit of {limit} bytes.");
            }
        }
    }

    private static UploadRejection TooLarge(IngressOptions options) =>
        new(StatusCodes.Status413PayloadTooLarge, $"body: the request is larger than the limit of {options.MaxBodyBytes} bytes (Ingress:MaxBodyBytes).");
}
