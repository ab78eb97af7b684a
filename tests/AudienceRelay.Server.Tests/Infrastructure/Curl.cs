using System.Diagnostics;
using System.Text.Json;

namespace AudienceRelay.Server.Tests.Infrastructure;

/// <summary>curl as a real, independent client: its multipart encoding is not .NET's.</summary>
public static class Curl
{
    private static readonly string[] Defaults = ["-sS", "-w", "\n%{http_code}"];

    public static bool Available => File.Exists("/usr/bin/curl") || File.Exists("/usr/local/bin/curl");

    public static async Task<(int Status, JsonElement Body)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Defaults.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"curl failed ({process.ExitCode}): {error}");
        }

        var split = output.LastIndexOf('\n');
        var body = output[..split];
        return (int.Parse(output[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture), body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }
}
