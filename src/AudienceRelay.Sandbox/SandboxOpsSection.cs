using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AudienceRelay.Server.Operations;
using static AudienceRelay.Server.Operations.OpsHtml;

namespace AudienceRelay.Sandbox;

/// <summary>The operations page's "Sandbox platforms": what each emulated platform holds (audiences and counts).</summary>
internal sealed class SandboxOpsSection(SandboxEmulators sandbox) : IOpsPageSection
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public string? Render()
    {
        if (sandbox.Host is not { } host)
        {
            return null;
        }

        var html = new StringBuilder("<h2>Sandbox platforms</h2><p class=\"dim\">Emulators at ").Append(E(host.BaseUri.ToString()))
            .Append(" · the same as JSON: <a href=\"/sandbox/platforms\">/sandbox/platforms</a> (with the API key).</p>");
        foreach (var emulator in host.Emulators)
        {
            // A snapshot with no sample: audiences and counts only, never member values.
            html.Append("<details><summary>").Append(E(emulator.Name)).Append("</summary><pre>")
                .Append(E(JsonSerializer.Serialize(emulator.Snapshot(0), Json))).Append("</pre></details>");
        }

        return html.ToString();
    }
}
