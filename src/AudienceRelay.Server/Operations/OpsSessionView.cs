using System.Text;
using AudienceRelay.Server.Sessions;
using AudienceRelay.Store.Queue;
using static AudienceRelay.Server.Operations.OpsHtml;

namespace AudienceRelay.Server.Operations;

/// <summary>One session: its batches × instances, each delivery's state, attempts, next attempt, last error (redacted when stored) and platform counts, with the admin buttons.</summary>
internal static class OpsSessionView
{
    public static string Render(SessionStatus session, string token, string? notice, bool noticeIsError)
    {
        var html = new StringBuilder();
        if (notice is not null)
        {
            html.Append("<p class=\"notice").Append(noticeIsError ? " bad" : string.Empty).Append("\" data-testid=\"notice\">").Append(E(notice)).Append("</p>");
        }

        var deliveries = session.Batches.SelectMany(b => b.Deliveries).ToList();
        var instances = deliveries.Select(d => d.Instance).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        html.Append("<h2>Session ").Append(session.SessionId).Append(" · ").Append(E(session.AudienceName)).Append(" (").Append(E(session.Type)).Append(")</h2>");
        html.Append("<p>Created ").Append(Time(session.CreatedAt)).Append(" · batches ").Append(session.BatchesReceived).Append(" of ").Append(session.TotalBatches)
            .Append(session.Complete ? " (complete)" : " (waiting for more)").Append(" · users announced ").Append(N(session.TotalUsers)).Append("</p><p>");
        if (deliveries.Any(d => d.State is DeliveryState.Pending or DeliveryState.Failed or DeliveryState.Dead))
        {
            html.Append(Button($"/ops/sessions/{session.SessionId}/retry", "Retry session now", token, testId: "retry-session")).Append(' ');
        }

        if (deliveries.Any(d => d.State is DeliveryState.Pending or DeliveryState.Leased))
        {
            html.Append(Button($"/ops/sessions/{session.SessionId}/cancel", "Cancel session (purge its users)", token, testId: "cancel-session"));
        }

        html.Append("</p><table data-testid=\"deliveries\"><tr><th>batch</th>");
        foreach (var instance in instances)
        {
            html.Append("<th>").Append(E(instance)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var batch in session.Batches)
        {
            html.Append("<tr><td>#").Append(batch.Sequence).Append("<div class=\"dim\">").Append(N(batch.Users)).Append(batch.Users == 1 ? " user, " : " users, ").Append(N(batch.Skipped))
                .Append(" skipped<br>").Append(Time(batch.ReceivedAt)).Append("<br>").Append(batch.PayloadPurged ? "users purged" : "users held").Append("</div></td>");
            foreach (var instance in instances)
            {
                var delivery = batch.Deliveries.FirstOrDefault(d => d.Instance == instance);
                html.Append("<td>").Append(delivery is null ? "<span class=\"dim\">—</span>" : Cell(delivery, batch.PayloadPurged, session.SessionId, token)).Append("</td>");
            }

            html.Append("</tr>");
        }

        var actions = session.Actions;
        html.Append("</table><h2>Operator actions</h2>");
        html.Append(actions.Count == 0 ? "<p class=\"dim\">None.</p>" : "<table data-testid=\"actions\"><tr><th>when</th><th>action</th><th>key</th><th>deliveries changed</th></tr>");
        foreach (var action in actions)
        {
            html.Append("<tr><td>").Append(Time(action.At)).Append("</td><td>").Append(E(action.Action)).Append(action.DeliveryId is { } id ? $" (delivery {id})" : string.Empty)
                .Append("</td><td>").Append(E(action.KeyName)).Append("</td><td class=\"n\">").Append(action.Affected).Append("</td></tr>");
        }

        html.Append(actions.Count == 0 ? string.Empty : "</table>");
        return html.ToString();
    }

    private static string Cell(DeliveryStatus delivery, bool purged, long sessionId, string token)
    {
        var text = delivery.State.ToText();
        var html = new StringBuilder($"<div data-delivery=\"{delivery.DeliveryId}\" data-state=\"{text}\">");
        html.Append(State(text)).Append(" <span class=\"dim\">attempts ").Append(delivery.Attempts).Append("</span>");
        if (delivery.NextAttemptAt is { } next)
        {
            html.Append("<div class=\"dim\">next attempt ").Append(Time(next)).Append("</div>");
        }

        if (delivery.UsersSent is { } sent)
        {
            html.Append("<div class=\"dim\">sent ").Append(N(sent)).Append(delivery.AudienceId is null ? string.Empty : " to audience " + E(delivery.AudienceId)).Append("</div>");
        }

        if (delivery.PlatformCounts is { } counts)
        {
            html.Append("<div class=\"dim\">platform: ").Append(E(counts.ToString())).Append("</div>");
        }

        if (!string.IsNullOrEmpty(delivery.LastError))
        {
            html.Append("<div class=\"err\">").Append(E(delivery.LastError)).Append("</div>");
        }

        var retryable = delivery.State == DeliveryState.Pending || (delivery.State is DeliveryState.Failed or DeliveryState.Dead && !purged);
        if (retryable)
        {
            html.Append(Button($"/ops/deliveries/{delivery.DeliveryId}/retry?session={sessionId}", "Retry now", token, testId: $"retry-{delivery.DeliveryId}"));
        }

        return html.Append("</div>").ToString();
    }
}
