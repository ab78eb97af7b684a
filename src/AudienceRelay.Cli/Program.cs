using AudienceRelay.Cli;

using var cancellation = new CancellationTokenSource();

// The first Ctrl+C stops the upload cleanly (the resume file is already up to date); a second one kills the process.
Console.CancelKeyPress += (_, e) =>
{
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

return await Cli.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
