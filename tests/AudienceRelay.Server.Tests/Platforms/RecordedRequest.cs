using System.Text.Json;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>One request as it arrived at an emulator: method, path (no query) and body text.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Body)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }
}
