using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AudienceRelay.Cli.Tests.Infrastructure;

/// <summary>Splits a captured multipart/form-data body into its parts, the way a server reads it.</summary>
public static class MultipartParts
{
    public sealed record Part(string Text, string? FileName, string? ContentType);

    public static async Task<Dictionary<string, Part>> ReadAsync((string? ContentType, byte[] Body) captured)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(captured.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(captured.Body));
        var parts = new Dictionary<string, Part>(StringComparer.Ordinal);
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            using var text = new StreamReader(section.Body, Encoding.UTF8);
            parts[HeaderUtilities.RemoveQuotes(disposition.Name).Value!] = new Part(
                await text.ReadToEndAsync(),
                HeaderUtilities.RemoveQuotes(disposition.FileName).Value,
                section.ContentType);
        }

        return parts;
    }
}
