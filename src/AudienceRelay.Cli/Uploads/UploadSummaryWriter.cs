using System.Globalization;
using AudienceRelay.Cli.Input;

namespace AudienceRelay.Cli.Uploads;

/// <summary>The plain-text summary printed at the end of an upload; stable enough for scripts to read.</summary>
internal static class UploadSummaryWriter
{
    public static void Write(TextWriter output, UploadPlan plan, InputScan scan, UploadTally tally, int acknowledged, bool interrupted)
    {
        var before = plan.Completed.Count;
        output.WriteLine(Invariant($"Session {plan.SessionId} \"{plan.Name}\" ({(plan.Type == Client.AudienceKind.Primary ? "primary" : "custom")})"));
        output.WriteLine(Invariant($"  batches:  {acknowledged:N0} of {plan.TotalBatches:N0} acknowledged")
            + (before > 0 ? Invariant($", {before:N0} of them before this run") : "")
            + (tally.Duplicates > 0 ? Invariant($", {tally.Duplicates:N0} already on the server") : ""));
        output.WriteLine(Invariant($"  users:    {tally.Accepted:N0} accepted, {tally.Skipped:N0} skipped by the server") + Reasons(tally));
        if (scan.BadRows > 0)
        {
            output.WriteLine(Invariant($"  bad rows: {scan.BadRows:N0} skipped in the file"));
        }

        if (tally.Retries > 0)
        {
            output.WriteLine(Invariant($"  retries:  {tally.Retries:N0}"));
        }

        WriteProviders(output, tally);
        WriteFailures(output, tally);

        if (tally.AbortReason is { } abort)
        {
            output.WriteLine($"Stopped early: {abort}");
        }

        if (acknowledged < plan.TotalBatches)
        {
            output.WriteLine(Invariant($"{(interrupted ? "Interrupted" : "Incomplete")}: {plan.TotalBatches - acknowledged:N0} batches still to send. Run the same command with --resume to send them."));
        }
        else if (tally.Providers.Any(p => p.Value.Pending > 0))
        {
            output.WriteLine(Invariant($"Uploaded; some deliveries are still running. Follow them with: audience-relay status {plan.SessionId}"));
        }
        else
        {
            output.WriteLine(tally.Failures.Count == 0 ? "Uploaded." : "Uploaded, but some deliveries failed.");
        }
    }

    private static string Reasons(UploadTally tally)
    {
        var reasons = tally.SkippedReasons;
        return reasons.Count == 0
            ? ""
            : " (" + string.Join(", ", reasons.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => Invariant($"{r.Key}: {r.Value:N0}"))) + ")";
    }

    private static void WriteProviders(TextWriter output, UploadTally tally)
    {
        var providers = tally.Providers;
        if (providers.Count == 0)
        {
            return;
        }

        var width = providers.Max(p => p.Key.Length);
        output.WriteLine("Providers:");
        foreach (var (instance, result) in providers)
        {
            output.WriteLine(Invariant(
                $"  {instance.PadRight(width)}  {result.Succeeded:N0} succeeded, {result.Failed:N0} failed, {result.Pending:N0} pending; {result.UsersSent:N0} users sent, {result.UsersInvalid:N0} not usable")
                + (result.FirstError is { } error ? $"; first error: {error}" : ""));
        }
    }

    private static void WriteFailures(TextWriter output, UploadTally tally)
    {
        var failures = tally.Failures;
        if (failures.Count == 0)
        {
            return;
        }

        output.WriteLine("Failed batches:");
        foreach (var failure in failures.Take(InputScan.ListedBadRows))
        {
            output.WriteLine(Invariant($"  batch {failure.Sequence}: {failure.Reason}"));
        }

        if (failures.Count > InputScan.ListedBadRows)
        {
            output.WriteLine(Invariant($"  … and {failures.Count - InputScan.ListedBadRows:N0} more"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
