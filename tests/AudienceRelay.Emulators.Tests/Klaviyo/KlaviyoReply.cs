using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AudienceRelay.Emulators.Tests.Klaviyo;

/// <summary>One answer of the emulator: status, headers and the parsed JSON body (<c>null</c> kind when empty).</summary>
internal sealed record KlaviyoReply(HttpStatusCode Status, HttpResponseHeaders Headers, JsonElement Body)
{
    public JsonElement Data => Body.GetProperty("data");

    public JsonElement Error => Assert.Single(Body.GetProperty("errors").EnumerateArray());

    public string ErrorCode => Error.GetProperty("code").GetString()!;

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
