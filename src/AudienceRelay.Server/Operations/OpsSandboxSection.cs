using System.Text;
using System.Text.Json;
using AudienceRelay.Server.Sandbox;
using static AudienceRelay.Server.Operations.OpsHtml;

namespace AudienceRelay.Server.Operations;

/// <summary>In sandbox mode: what each emulated platform holds (audiences and counts; no member values).</summary>
internal static class OpsSandboxSection
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    public static string? Render(IServiceProvider services)
    {
        if (services.GetService<SandboxEmulators>()?.Host is not { } host)
        {
            return null;
        }

        var html = new StringBuilder("<h2>Sandbox platforms</h2><p class=\"dim\">Emulators at ").Append(E(host.BaseUri.ToString()))
            .Append(" · the same as JSON: <a href=\"/sandbox/platforms\">/sandbox/platforms</a> (with the API key).</p>");
        foreach (var emulator in host.Emulators)
        {
            html.Append("<details><summary>").Append(E(emulator.Name)).Append("</summary><pre>")
                .Append(E(JsonSerializer.Serialize(emulator.Snapshot(0), Json))).Append("</pre></details>");
        }

        return html.ToString();
    }
}
