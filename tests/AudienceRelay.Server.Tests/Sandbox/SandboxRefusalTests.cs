using System.Diagnostics;
using AudienceRelay.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Tests.Sandbox;

/// <summary>
/// The deployable server has no emulators, so <c>Sandbox__Enabled=true</c> on it is a mistake it names at start, with
/// the command that runs the sandbox host; the sandbox host itself still turns sandbox mode on.
/// </summary>
public sealed class SandboxRefusalTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("yes")]
    public void The_server_refuses_sandbox_mode_and_names_the_sandbox_host(string value)
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-nosandbox-").FullName;

        var error = Assert.Throws<InvalidOperationException>(() => AudienceRelayApp.Build(Arguments(folder, "--Sandbox:Enabled", value)));

        Assert.Contains("Sandbox:Enabled", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/AudienceRelay.Sandbox", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "audience.db")), "the server stopped before it opened its store");
    }

    [Fact]
    public async Task The_server_with_sandbox_mode_off_starts_and_the_sandbox_host_turns_it_on()
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-nosandbox-").FullName;
        await using (var server = AudienceRelayApp.Build(Arguments(folder, "--Sandbox:Enabled", "false")))
        {
            Assert.False(server.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled);
        }

        await using var sandbox = SandboxApp.Build(Arguments(Directory.CreateTempSubdirectory("audience-relay-sandboxhost-").FullName, "--Sandbox:Enabled", "false"));
        Assert.True(sandbox.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Enabled);
    }

    [Fact]
    public async Task The_server_process_started_with_Sandbox__Enabled_exits_with_the_message()
    {
        var folder = Directory.CreateTempSubdirectory("audience-relay-nosandbox-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AudienceRelay.Server.dll"));
        info.ArgumentList.Add("--urls=http://127.0.0.1:0");
        info.Environment["Sandbox__Enabled"] = "true";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        Assert.NotEqual(0, process.ExitCode);
        var all = await output + await errors;
        Assert.Contains(SandboxOptions.NotTheSandboxHost, all, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", all, StringComparison.Ordinal);
    }

    private static string[] Arguments(string folder, params string[] extra) =>
    [
        "--urls", "http://127.0.0.1:0",
        "--ConnectionStrings:Audience", $"Data Source={Path.Combine(folder, "audience.db")}",
        "--Store:PayloadKeyFile", Path.Combine(folder, "payload.key"),
        "--Delivery:Enabled", "false",
        .. extra,
    ];
}
