using AudienceRelay.Cli;

namespace AudienceRelay.Cli.Tests.Infrastructure;

/// <summary>One in-process run of <c>audience-relay</c>: its exit code and what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    internal static async Task<CliRun> RunAsync(CliServices services, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Cli.RunAsync(args, output, error, services with { Interactive = false, GetEnvironmentVariable = Environment(services) }, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>One state directory for this test run (never the user's own ~/.local/state).</summary>
    public static string StateHome { get; } = Directory.CreateTempSubdirectory("audience-relay-state-").FullName;

    /// <summary>Where the CLI keeps the resume file of <paramref name="input"/> in these tests.</summary>
    public static string ResumeFileOf(string input) => AudienceRelay.Cli.Uploads.ResumeStateFile.PathFor(input, Environment(CliServices.Default));

    private static Func<string, string?> Environment(CliServices services) =>
        name => name == "XDG_STATE_HOME" ? StateHome : services.GetEnvironmentVariable(name);

    internal static Task<CliRun> RunAsync(params string[] args) => RunAsync(CliServices.Default, CancellationToken.None, args);

    public override string ToString() => $"exit {ExitCode}\n--- out ---\n{Output}\n--- err ---\n{Error}";
}
