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
        var app = AudienceRelayApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Audience", $"Data Source={Path.Combine(folder, "audience.db")}",
            "--Store:PayloadKeyFile", Path.Combine(folder, "payload.key"),
            "--Sandbox:Enabled", "true",
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
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            // Our own trace id on the upload: other tests' servers in this process trace too, and their spans reach this exporter.
            var traceId = ActivityTraceId.CreateRandom();
            http.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            var (status, _, _) = await Upload.PostAsync(http, Upload.Form(Workload.AudienceName, "custom", Upload.Batch(Workload.SessionId, 1, 1, 3), Workload.Users), "?sync=true");
            Assert.Equal(200, status);

            var spans = await exporter.WaitForAsync(s => UploadSpan(s, traceId) is { } upload && DeliverySpans(s, upload).Count == 3, TimeSpan.FromSeconds(60));
            var upload = UploadSpan(spans, traceId)!;
            var deliveries = DeliverySpans(spans, upload);
            Assert.Equal(["sandbox_facebook", "sandbox_klaviyo", "sandbox_tiktok"], deliveries.Select(d => (string)d.GetTagItem("audience_relay.instance")!).Order());
            foreach (var delivery in deliveries)
            {
                var calls = spans.Where(s => s.Kind == ActivityKind.Client && s.ParentSpanId == delivery.SpanId).ToList();
                Assert.NotEmpty(calls);
                Assert.All(calls, c => Assert.Equal(upload.TraceId, c.TraceId));
                Assert.Equal("succeeded", delivery.GetTagItem("audience_relay.delivery.result"));
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

    private static List<Activity> DeliverySpans(List<Activity> spans, Activity upload) =>
        spans.Where(s => s.Source.Name == "AudienceRelay" && s.TraceId == upload.TraceId && s.ParentSpanId == upload.SpanId).ToList();

    /// <summary>Everything a span says: its name, tags, events and status text.</summary>
    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? string.Empty }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")));
}
