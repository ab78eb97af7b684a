using System.Globalization;
using Spectre.Console;

namespace AudienceRelay.Cli.Sessions;

/// <summary>Renders a session as a heading, one table row per batch and provider, and a per-provider roll-up.</summary>
internal static class StatusTable
{
    public static void Write(TextWriter output, Client.SessionStatusDto session, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Redirected output has no terminal width; wide enough that the table does not wrap in a log.
            console.Profile.Width = 200;
        }

        console.MarkupLine(Markup.Escape(Invariant(
            $"Session {session.SessionId} \"{session.Name}\" ({session.Type}), audience \"{session.AudienceName}\"")));
        console.MarkupLine(Markup.Escape(Invariant(
            $"{session.BatchesReceived:N0} of {session.TotalBatches:N0} batches received, {session.TotalUsers:N0} users, {(session.Complete ? "complete" : "incomplete")}")));

        var reasons = session.Batches.SelectMany(b => b.SkippedReasons)
            .GroupBy(r => r.Key, StringComparer.Ordinal)
            .Select(g => (Reason: g.Key, Count: g.Sum(r => r.Value)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
        if (reasons.Count > 0)
        {
            // The reasons say what to fix in the source data (no identifier, a field over its cap, control characters).
            console.MarkupLine(Markup.Escape(Invariant(
                $"{reasons.Sum(r => r.Count):N0} users skipped by the server: {string.Join(", ", reasons.Select(r => Invariant($"{r.Reason} {r.Count:N0}")))}")));
        }

        var table = new Table().Border(interactive ? TableBorder.Rounded : TableBorder.Ascii);
        foreach (var column in new[] { "Batch", "Users", "Skipped", "Received", "Provider", "State", "Attempts", "Sent", "Audience id", "Last error" })
        {
            table.AddColumn(column);
        }

        foreach (var batch in session.Batches.OrderBy(b => b.Sequence))
        {
            var head = new[]
            {
                Invariant($"{batch.Sequence}"),
                Invariant($"{batch.Users:N0}"),
                Invariant($"{batch.Skipped:N0}"),
                batch.ReceivedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
            };
            if (batch.Deliveries.Count == 0)
            {
                table.AddRow([.. head.Select(Markup.Escape), "-", "", "", "", "", ""]);
            }

            var first = true;
            foreach (var delivery in batch.Deliveries.OrderBy(d => d.Instance, StringComparer.Ordinal))
            {
                var cells = (first ? head : ["", "", "", ""]).Concat(
                [
                    delivery.Instance,
                    delivery.State,
                    Invariant($"{delivery.Attempts}"),
                    delivery.UsersSent is { } sent ? Invariant($"{sent:N0}") : "",
                    delivery.AudienceId ?? "",
                    delivery.LastError ?? "",
                ]);
                table.AddRow([.. cells.Select(Markup.Escape)]);
                first = false;
            }
        }

        console.Write(table);
        foreach (var provider in session.Batches.SelectMany(b => b.Deliveries).GroupBy(d => d.Instance).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var states = provider.GroupBy(d => d.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Invariant($"{g.Count():N0} {g.Key}"));
            console.MarkupLine(Markup.Escape($"{provider.Key}: {string.Join(", ", states)}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
