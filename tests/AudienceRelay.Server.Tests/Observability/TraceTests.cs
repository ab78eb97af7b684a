using System.Diagnostics;
using AudienceRelay.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AudienceRelay.Server.Tests.Observability;

/// <summary>
/// One trace per upload: the POST /audience span, under it each instance's delivery (joined through the
/// trace context stored with the batch), under those the platform calls; no personal data in any span.
/// </summary>
public sealed class TraceTests
{
    [Fact]
    public async Task An_upload_is_one_trace_down_to_each_platform_call_and_no_span_carries_personal_data()
    {
        using var exporter = new CollectingExporter();
        var folder = Directory.CreateTempSubdirectory("audience-trace-").FullName;
        var app = AudienceRelay.Sandbox.SandboxApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Audience", $"Data Source={Path.Combine(folder, "audience.db")}",
            "--Store:PayloadKeyFile", Path.Combine(folder, "payload.key"),
            "--Sandbox:EmulatorUrl", $"http://127.0.0.1:{Workload.FreePort()}",
        ], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SimpleActivityExportProcessor(exporter)));
        });
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            // No propagator on the test's own client: the server's HttpClient instrumentation listens in this process too,
            // and would otherwise replace the traceparent below with a client span of a new trace.
            using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(address) };
            // Our own trace id on the upload: other tests' servers in this process trace too, and their spans reach this exporter.
            var traceId = ActivityTraceId.CreateRandom();
            http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            var (status, _, _) = await Upload.PostAsync(http, Upload.Form(Workload.AudienceName, "custom", Upload.Batch(Workload.SessionId, 1, 1, 3), Workload.Users), "?sync=true");
            Assert.Equal(200, status);

            // Each sandbox instance's delivery spans (one per attempt: LinkedIn waits for its new segment, then delivers)
            // are children of the upload's span, and each instance's last attempt succeeded.
            var instances = AudienceRelay.Sandbox.SandboxPlatforms.All.Select(p => "sandbox_" + p.Type).Order(StringComparer.Ordinal).ToList();
            List<Activity> spans;
            try
            {
                spans = await exporter.WaitForAsync(s => UploadSpan(s, traceId) is { } upload && SucceededInstances(DeliverySpans(s, upload)).SequenceEqual(instances), TimeSpan.FromSeconds(120));
            }
            catch (OperationCanceledException)
            {
                var seen = exporter.Spans.ToList();
                var found = UploadSpan(seen, traceId) is { } u
                    ? string.Join(", ", DeliverySpans(seen, u).Select(d => $"{d.GetTagItem("audience_relay.instance")} {d.GetTagItem("audience_relay.delivery.result")}"))
                    : "no upload span";
                throw new TimeoutException($"expected a succeeded delivery span for each of {string.Join(", ", instances)}; found: {found}");
            }

            var upload = UploadSpan(spans, traceId)!;
            var deliveries = DeliverySpans(spans, upload);
            Assert.Equal(instances, deliveries.Select(d => (string)d.GetTagItem("audience_relay.instance")!).Distinct().Order(StringComparer.Ordinal));
            foreach (var delivery in deliveries)
            {
                var calls = spans.Where(s => s.Kind == ActivityKind.Client && s.ParentSpanId == delivery.SpanId).ToList();
                Assert.NotEmpty(calls);
                Assert.All(calls, c => Assert.Equal(upload.TraceId, c.TraceId));
            }

            var leaks = spans.SelectMany(Texts).SelectMany(Workload.Leaks).Distinct().ToList();
            Assert.True(leaks.Count == 0, "personal data in spans: " + string.Join(", ", leaks));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static Activity? UploadSpan(List<Activity> spans, ActivityTraceId traceId) =>
        spans.FirstOrDefault(s => s.TraceId == traceId && s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == "/audience" && s.GetTagItem("audience_relay.batch_id") is not null);

    private static IEnumerable<string> SucceededInstances(List<Activity> deliveries) =>
        deliveries.Where(d => (d.GetTagItem("audience_relay.delivery.result") as string) == "succeeded")
            .Select(d => (string)d.GetTagItem("audience_relay.instance")!).Distinct().Order(StringComparer.Ordinal);

    private static List<Activity> DeliverySpans(List<Activity> spans, Activity upload) =>
        spans.Where(s => s.Source.Name == "AudienceRelay" && s.TraceId == upload.TraceId && s.ParentSpanId == upload.SpanId).ToList();

    /// <summary>Everything a span says: its name, tags, events and status text.</summary>
    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? string.Empty }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")));
}
