using System.Text.Json;
using AudienceRelay.Server.Delivery;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Server.Tests.Infrastructure;

/// <summary>Waits on the server's own "a delivery ended" signal (with a timeout), never on sleeps.</summary>
internal static class Waiting
{
    public static async Task<SessionRecord> ForSessionAsync(TestServer server, long sessionId, Func<SessionRecord, bool> condition, TimeSpan? timeout = null)
    {
        var store = server.Get<IAudienceStore>();
        var signals = server.Get<DeliverySignals>();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        SessionRecord? last = null;
        try
        {
            while (true)
            {
                var next = signals.Finished.NextAsync();
                last = await store.GetSessionAsync(sessionId, cts.Token);
                if (last is not null && condition(last))
                {
                    return last;
                }

                await next.WaitAsync(cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // Say where the session stood, so a time-out names the delivery that did not get there.
            var states = last is null ? "no such session" : string.Join("; ", Deliveries(last).Select(d => $"{d.Instance}: {d.State} after {d.Attempts} ({d.LastError})"));
            throw new TimeoutException($"session {sessionId} did not reach the condition in time: {states}");
        }
    }

    public static Task<SessionRecord> ForStateAsync(TestServer server, long sessionId, DeliveryState state, TimeSpan? timeout = null) =>
        ForSessionAsync(server, sessionId, s => s.Batches.Count > 0 && s.Batches.SelectMany(b => b.Deliveries).All(d => d.State == state), timeout);

    /// <summary>
    /// Moves the fake clock and wakes the dispatcher. The wake closes a race of fake time: a dispatcher
    /// that was between its claim and its next timed wait when the clock moved would otherwise set
    /// its poll timer from the new time and never see the retry come due.
    /// </summary>
    public static void Advance(TestServer server, FakeTimeProvider time, TimeSpan by)
    {
        time.Advance(by);
        server.Get<DeliverySignals>().Queue.Wake();
    }

    public static IEnumerable<DeliveryRecord> Deliveries(SessionRecord status) => status.Batches.SelectMany(b => b.Deliveries);

    /// <summary>A delivery's stored JSON column (skip reasons, platform counts) to look into; the store hands it back as text.</summary>
    public static JsonElement Json(string? stored)
    {
        Assert.NotNull(stored);
        using var document = JsonDocument.Parse(stored);
        return document.RootElement.Clone();
    }
}
