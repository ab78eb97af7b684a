using System.Globalization;
using AudienceRelay.Cli.Input;
using AudienceRelay.Client;

namespace AudienceRelay.Cli.Uploads;

/// <summary>
/// The <c>upload</c> command: count the file (first pass), check it, then stream it to the server in batches
/// (second pass), keeping the resume file up to date, and print a summary.
/// </summary>
internal sealed class UploadRunner(TextWriter output, TextWriter error, CliServices services, bool interactive)
{
    public async Task<int> RunAsync(UploadSettings settings, CancellationToken cancellationToken)
    {
        settings.Validate();
        if (!File.Exists(settings.File))
        {
            throw new UsageException($"{settings.File}: no such file.");
        }

        var source = UserSources.Open(settings.File, settings.Mapping);
        Utf8Check.Run(settings.File);
        var resume = new ResumeStateFile(settings.File, services.GetEnvironmentVariable, Warn);
        var existing = resume.Load(required: settings.Resume);
        if (!settings.Resume && existing is not null)
        {
            Warn(Invariant($"{resume.Path} records an unfinished upload (session {existing.SessionId}, {existing.Completed.Count} of {existing.TotalBatches} batches); starting a new session. Use --resume to continue that one instead."));
        }

        var previous = ResumeCheck.Check(settings, existing);
        var name = settings.Name ?? previous!.Name;
        var type = previous is not null ? ResumeCheck.ParseType(previous.Type) : settings.Type ?? AudienceKind.Custom;
        var disablePrefix = previous?.DisablePrefix ?? settings.DisablePrefix;
        var batchSize = previous?.BatchSize ?? settings.BatchSize ?? UploadSettings.DefaultBatchSize;

        InputScan scan;
        try
        {
            scan = await Task.Run(() => InputScan.Run(source, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("Interrupted while reading the file; nothing was sent.");
            return ExitCodes.UploadFailed;
        }

        ReportBadRows(settings.File, scan, settings.Strict);
        if (scan.BadRows > 0 && settings.Strict)
        {
            error.WriteLine(Invariant($"error: {settings.File}: {scan.BadRows:N0} bad rows; nothing was uploaded (--strict)."));
            return ExitCodes.BadInput;
        }

        if (scan.Users == 0)
        {
            error.WriteLine($"error: {settings.File}: no users to upload.");
            return ExitCodes.BadInput;
        }

        var totalBatches = checked((int)((scan.Users + batchSize - 1) / batchSize));
        if (previous is not null && (previous.TotalUsers != scan.Users || previous.TotalBatches != totalBatches))
        {
            throw new UsageException(Invariant($"the file now reads as {scan.Users:N0} users, the interrupted upload had {previous.TotalUsers:N0} (was --map changed?). Start a new upload without --resume."));
        }

        var plan = new UploadPlan(
            previous?.SessionId ?? settings.SessionId ?? NewSessionId(),
            name,
            type,
            disablePrefix,
            settings.Sync,
            settings.PullDate,
            batchSize,
            settings.Parallel,
            totalBatches,
            scan.Users,
            (previous?.Completed ?? []).Where(s => s >= 1 && s <= totalBatches).ToHashSet());

        var (length, modified) = ResumeStateFile.Fingerprint(settings.File);
        await resume.StartAsync(new ResumeState
        {
            SessionId = plan.SessionId,
            Name = name,
            Type = ResumeCheck.TypeName(type),
            DisablePrefix = disablePrefix,
            BatchSize = batchSize,
            TotalBatches = totalBatches,
            TotalUsers = scan.Users,
            FileLength = length,
            FileModifiedUtc = modified,
            Completed = [.. plan.Completed],
        });

        return await UploadAsync(settings, source, plan, scan, resume, cancellationToken);
    }

    private async Task<int> UploadAsync(UploadSettings settings, IUserSource source, UploadPlan plan, InputScan scan, ResumeStateFile resume, CancellationToken cancellationToken)
    {
        // A sync call waits for every provider (up to the server's sync timeout), so it may take minutes.
        using var http = ServerConnection.CreateHttpClient(settings.Url, services, TimeSpan.FromMinutes(settings.Sync ? 10 : 5));
        var client = new AudienceRelayClient(http, settings.ApiKey);
        var tally = new UploadTally();
        var pipeline = new BatchPipeline(
            client,
            new RetryPolicy(services.Time, services.Retry),
            tally,
            resume,
            services.BatchAcknowledged,
            interactive ? null : Warn);

        var interrupted = false;
        try
        {
            if (interactive)
            {
                await ProgressDisplay.RunAsync(output, plan.RemainingUsers, advance => pipeline.RunAsync(source, plan, advance, cancellationToken));
            }
            else
            {
                await pipeline.RunAsync(source, plan, _ => { }, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }

        var acknowledged = resume.CompletedCount;
        UploadSummaryWriter.Write(output, plan, scan, tally, acknowledged, interrupted);
        if (acknowledged == plan.TotalBatches)
        {
            // Nothing is left to resume; a new run of the same file is a new upload.
            resume.Delete();
        }

        var clean = !interrupted && acknowledged == plan.TotalBatches && tally.Failures.Count == 0 && tally.AbortReason is null;
        return clean ? ExitCodes.Ok : ExitCodes.UploadFailed;
    }

    // Line numbers and reasons only: the rows themselves are personal data.
    private void ReportBadRows(string file, InputScan scan, bool strict)
    {
        var (level, outcome) = strict ? ("error", "") : ("warning", "; row skipped");
        foreach (var row in scan.FirstBadRows)
        {
            error.WriteLine(Invariant($"{level}: {file}: line {row.Line}: {row.Error}{outcome}."));
        }

        if (scan.BadRows > scan.FirstBadRows.Count)
        {
            error.WriteLine(Invariant($"{level}: {file}: … and {scan.BadRows - scan.FirstBadRows.Count:N0} more bad rows."));
        }
    }

    // Random, positive and below 2^53, so that JavaScript clients of the same API read it exactly.
    private static long NewSessionId() => Random.Shared.NextInt64(1, 1L << 53);

    private void Warn(string message) => error.WriteLine($"warning: {message}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
