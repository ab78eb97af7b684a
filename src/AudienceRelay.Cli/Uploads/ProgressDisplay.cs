using Spectre.Console;

namespace AudienceRelay.Cli.Uploads;

/// <summary>The live progress bar: users sent, users per second and time left, on an interactive terminal only.</summary>
internal static class ProgressDisplay
{
    public static Task RunAsync(TextWriter output, long totalUsers, Func<Action<long>, Task> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        return console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new UsersPerSecondColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Uploading users", maxValue: Math.Max(totalUsers, 1));
                await work(users => task.Increment(users));
                task.StopTask();
            });
    }
}
