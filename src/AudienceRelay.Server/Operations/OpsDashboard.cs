using System.Text;
using AudienceRelay.Store.Operations;
using static AudienceRelay.Server.Operations.OpsHtml;

namespace AudienceRelay.Server.Operations;

/// <summary>The page's front: each instance's queue, throughput and errors; recent sessions with their state per instance; the sandbox.</summary>
internal static class OpsDashboard
{
    private static readonly string[] States = ["pending", "leased", "succeeded", "failed", "dead"];

    /// <summary>The queue's columns: the open states. Ended deliveries show as the last hour's outcomes, a window the store reads through an index.</summary>
    private static readonly string[] OpenStates = ["pending", "leased"];

    public static string Render(IReadOnlyList<InstanceQueue> queues, IReadOnlyList<SessionSummary> sessions, IQueryCollection query, DateTimeOffset now, string? sandbox, string? notice)
    {
        var html = new StringBuilder();
        if (notice is not null)
        {
            html.Append("<p class=\"notice\">").Append(E(notice)).Append("</p>");
        }

        html.Append("<h2>Instances</h2><table data-testid=\"instances\"><tr><th>instance</th>");
        foreach (var state in OpenStates)
        {
            html.Append("<th>").Append(state).Append("</th>");
        }

        html.Append("<th>oldest due waiting</th><th>succeeded, last hour</th><th>failed or dead, last hour</th></tr>");
        if (queues.Count == 0)
        {
            html.Append("<tr><td colspan=\"6\" class=\"dim\">No delivery yet.</td></tr>");
        }

        foreach (var queue in queues)
        {
            html.Append("<tr><td>").Append(E(queue.Instance)).Append("</td>");
            foreach (var state in OpenStates)
            {
                html.Append("<td class=\"n\">").Append(N(queue.ByState.GetValueOrDefault(state))).Append("</td>");
            }

            var age = queue.OldestDueAt is { } due ? (now - due).ToString(@"d\.hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture) : "—";
            html.Append("<td class=\"n\">").Append(age).Append("</td><td class=\"n\">").Append(N(queue.SucceededRecently))
                .Append("</td><td class=\"n\">").Append(N(queue.FailedRecently)).Append("</td></tr>");
        }

        html.Append("</table><h2>Sessions</h2>").Append(FilterForm(query));
        html.Append("<table data-testid=\"sessions\"><tr><th>session</th><th>audience</th><th>type</th><th>batches</th><th>created</th><th>deliveries per instance</th></tr>");
        if (sessions.Count == 0)
        {
            html.Append("<tr><td colspan=\"6\" class=\"dim\">No session matches.</td></tr>");
        }

        foreach (var session in sessions)
        {
            html.Append("<tr data-session=\"").Append(session.SessionId).Append("\"><td><a href=\"/ops/sessions/").Append(session.SessionId).Append("\">")
                .Append(session.SessionId).Append("</a></td><td>").Append(E(session.AudienceName)).Append("</td><td>").Append(E(session.Type))
                .Append("</td><td class=\"n\">").Append(session.BatchesReceived).Append(" / ").Append(session.TotalBatches)
                .Append("</td><td>").Append(Time(session.CreatedAt)).Append("</td><td>");
            foreach (var (instance, states) in session.Instances)
            {
                html.Append("<div><b>").Append(E(instance)).Append("</b> ");
                foreach (var (state, count) in states)
                {
                    html.Append(State(state, count));
                }

                html.Append("</div>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
        if (sandbox is not null)
        {
            html.Append(sandbox);
        }

        return html.ToString();
    }

    private static string FilterForm(IQueryCollection query)
    {
        var html = new StringBuilder("<form method=\"get\" action=\"/ops\" style=\"margin-bottom:8px\"><label>state <select name=\"state\"><option value=\"\">any</option>");
        foreach (var state in States)
        {
            html.Append("<option").Append(query["state"] == state ? " selected" : string.Empty).Append('>').Append(state).Append("</option>");
        }

        html.Append("</select></label>")
            .Append("<label>instance <input name=\"instance\" size=\"14\" value=\"").Append(E(query["instance"])).Append("\"></label>")
            .Append("<label>from <input type=\"date\" name=\"from\" value=\"").Append(E(query["from"])).Append("\"></label>")
            .Append("<label>to <input type=\"date\" name=\"to\" value=\"").Append(E(query["to"])).Append("\"></label>")
            .Append("<button type=\"submit\">Filter</button> <a href=\"/ops\">clear</a></form>");
        return html.ToString();
    }
}
