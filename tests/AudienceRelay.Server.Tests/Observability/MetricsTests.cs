using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Observability;

/// <summary>
/// <c>/metrics</c> after a known workload through the real server process (its own process, so no other
/// test's counters mix in) and the sandbox emulators: the counters say what happened, and nothing a user
/// sent appears anywhere in the text.
/// </summary>
public sealed partial class MetricsTests
{
    private const string Key = "metrics-test-key-5b1f";

    [Fact]
    public async Task After_a_known_workload_the_counters_are_right_and_no_personal_data_appears()
    {
        var folder = Directory.CreateTempSubdirectory("audience-metrics-").FullName;
        var emulators = $"http://127.0.0.1:{Workload.FreePort()}";
        await using var server = await ServerProcess.StartAsync(folder, new Dictionary<string, string?>
        {
            ["Sandbox:EmulatorUrl"] = emulators,
            ["Auth:ApiKeys:0"] = Key,
            ["Delivery:RetryBaseDelay"] = "00:00:00.050",
            ["Delivery:PollInterval"] = "00:00:00.100",
            // Generous under a loaded machine: a sync answer must wait for every delivery, and no lease may lapse.
            ["Delivery:SyncTimeout"] = "00:05:00",
            ["Delivery:LeaseDuration"] = "00:05:00",
        }, sandbox: true);
        server.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        // TikTok answers its first request with a 503: one retry there, then success everywhere.
        await Workload.InjectAsync(emulators, "tiktok", new { kind = "ServerError", times = 1, statusCode = 503 });
        var first = await Upload.PostAsync(server.Http, Upload.Form(Workload.AudienceName, "custom", Upload.Batch(Workload.SessionId, 1, 2, 5), Workload.Users), "?sync=true", Key);
        Assert.True(first.Status == 200, server.Output);
        var second = await Upload.PostAsync(server.Http, Upload.Form(Workload.AudienceName, "custom", Upload.Batch(Workload.SessionId, 2, 2, 5), """[{"email":"zebulon.ferreira@example.org"}]"""), "?sync=true", Key);
        Assert.True(second.Status == 200, server.Output);
        var again = await Upload.PostAsync(server.Http, Upload.Form(Workload.AudienceName, "custom", Upload.Batch(Workload.SessionId, 2, 2, 5), """[{"email":"zebulon.ferreira@example.org"}]"""), "?sync=true", Key);
        Assert.Equal(200, again.Status);

        var text = await server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(2, Value(text, "audience_relay_uploads_total", "outcome=\"stored\""));
        Assert.Equal(1, Value(text, "audience_relay_uploads_total", "outcome=\"duplicate\""));
        Assert.Equal(3, Value(text, "audience_relay_users_total", "outcome=\"accepted\""));
        Assert.Equal(1, Value(text, "audience_relay_users_total", "outcome=\"skipped\"", "reason=\"noIdentifier\""));
        foreach (var instance in new[] { "sandbox_facebook", "sandbox_tiktok", "sandbox_klaviyo" })
        {
            Assert.Equal(2, Value(text, "audience_relay_deliveries_total", $"instance=\"{instance}\"", "state=\"succeeded\""));
            Assert.Equal(2, Value(text, "audience_relay_delivery_attempts_total", $"instance=\"{instance}\"", "result=\"succeeded\""));
            // The depth is the queue: open states only, reported as zero once everything ended (ended ones are the counter above).
            Assert.Equal(0, Value(text, "audience_relay_queue_depth", $"instance=\"{instance}\"", "state=\"pending\""));
            Assert.Equal(0, Value(text, "audience_relay_queue_depth", $"instance=\"{instance}\"", "state=\"leased\""));
            Assert.DoesNotContain(text.Split('\n'), line => line.StartsWith("audience_relay_queue_depth{", StringComparison.Ordinal) && line.Contains($"instance=\"{instance}\"", StringComparison.Ordinal)
                && !line.Contains("state=\"pending\"", StringComparison.Ordinal) && !line.Contains("state=\"leased\"", StringComparison.Ordinal));
            Assert.Equal(0, Value(text, "audience_relay_queue_oldest_due_age_seconds", $"instance=\"{instance}\""));
            Assert.True(Value(text, "audience_relay_platform_request_duration_seconds_count", $"instance=\"{instance}\"", "class=\"2xx\"") >= 2);
        }

        Assert.Equal(1, Value(text, "audience_relay_delivery_attempts_total", "instance=\"sandbox_tiktok\"", "result=\"retry\""));
        Assert.Equal(1, Value(text, "audience_relay_platform_request_errors_total", "instance=\"sandbox_tiktok\"", "class=\"5xx\""));
        Assert.Equal(0, Value(text, "audience_relay_payload_bytes_waiting_bytes"));
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("http_client_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Empty(Workload.Leaks(text));
    }

    /// <summary>The value of the one series of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/>.</summary>
    private static double Value(string text, string metric, params string[] labels)
    {
        var matches = text.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            .ToList();
        Assert.True(matches.Count == 1, $"{metric} {string.Join(",", labels)}: expected one series, found:\n{string.Join("\n", matches)}\nin:\n{string.Join("\n", text.Split('\n').Where(l => l.StartsWith("audience_relay", StringComparison.Ordinal) && !l.Contains("_bucket", StringComparison.Ordinal)))}");
        var line = matches[0];
        return double.Parse(SampleValue().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\s(\S+)(\s\d+)?$")]
    private static partial Regex SampleValue();
}
