using System.CommandLine;
using AudienceRelay.Cli.Sessions;
using AudienceRelay.Cli.Uploads;

namespace AudienceRelay.Cli;

/// <summary>The <c>audience-relay</c> command line, callable in-process (tests, tools) as well as from <c>Main</c>.</summary>
public static class Cli
{
    /// <summary>
    /// Runs the command line <paramref name="args"/>, writing results to <paramref name="output"/> and diagnostics to
    /// <paramref name="error"/>. Returns the exit code (<see cref="ExitCodes"/>). Cancelling
    /// <paramref name="cancellationToken"/> stops an upload cleanly, resumable with <c>--resume</c>.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, CliServices.Default, cancellationToken);

    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CliServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var interactive = services.Interactive ?? (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
        var root = new RootCommand("Upload audiences to an AudienceRelay server and follow their delivery.")
        {
            UploadCommand.Create(output, error, services, interactive),
            StatusCommand.Create(output, error, services, interactive),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            error.WriteLine("Run 'audience-relay --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            // The caller owns Ctrl+C (see Program.cs); the library must not install process-wide handlers.
            var invocation = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                ProcessTerminationTimeout = null,
                EnableDefaultExceptionHandler = false,
            };
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (UsageException failure)
        {
            error.WriteLine($"error: {failure.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {failure.Message}");
            return ExitCodes.BadInput;
        }
    }
}
