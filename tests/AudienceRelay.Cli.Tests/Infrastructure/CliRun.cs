namespace AudienceRelay.Cli.Tests.Infrastructure;

/// <summary>One in-process run of <c>audience-relay</c>: its exit code and what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    internal static async Task<CliRun> RunAsync(CliServices services, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Cli.RunAsync(args, output, error, services with { Interactive = false }, cancellationToken);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    internal static Task<CliRun> RunAsync(params string[] args) => RunAsync(CliServices.Default, CancellationToken.None, args);

    public override string ToString() => $"exit {ExitCode}\n--- out ---\n{Output}\n--- err ---\n{Error}";
}
