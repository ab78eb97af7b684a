using AudienceRelay.Server.Tests.Infrastructure;
using AudienceRelay.Server.Tests.Observability;
using AudienceRelay.Store.Queue;
using Microsoft.Playwright;

namespace AudienceRelay.Server.Tests.Operations;

/// <summary>
/// The operations page in a real browser (Debian's chromium, driven by Playwright): log in, see an upload's
/// session appear, see the delivery the TikTok emulator failed, press "Retry now", see it succeed. On
/// failure a screenshot is saved under <c>artifacts/ops-page/</c> next to the test binaries.
/// </summary>
public sealed class OpsPageBrowserTests
{
    private const string Key = "browser-test-key-77aa";
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] Platforms = ["facebook", "tiktok", "klaviyo"];

    [Fact]
    public async Task An_operator_logs_in_sees_the_failed_delivery_retries_it_and_sees_it_succeed()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does.");
        var emulators = $"http://127.0.0.1:{Workload.FreePort()}";
        // Three of the sandbox's platforms (the ones that deliver in one attempt), so the only open delivery is the one
        // the TikTok emulator fails: a retry an hour away, until the operator presses the button.
        var settings = AudienceRelay.Sandbox.SandboxPlatforms.ProviderSettings(emulators)
            .Where(kv => Platforms.Any(t => kv.Key.StartsWith($"Providers:sandbox_{t}:", StringComparison.Ordinal)))
            .ToDictionary();
        settings["Sandbox:EmulatorUrl"] = emulators;
        settings["Auth:ApiKeys:0"] = Key;
        settings["Auth:KeyNames:0"] = "browser-operator";
        settings["Delivery:RetryBaseDelay"] = "01:00:00";
        await using var server = await TestServer.StartAsync(settings, sandbox: true);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        try
        {
            await page.GotoAsync("/ops");
            await page.FillAsync("input[name=key]", Key);
            await page.ClickAsync("button:has-text('Log in')");
            await page.WaitForSelectorAsync("[data-testid=instances]");

            await Workload.InjectAsync(emulators, "tiktok", new { kind = "ServerError", times = 1, statusCode = 503 });
            var (status, _, _) = await Upload.PostAsync(server.Http, Upload.Form("BrowserShoppers", "custom", Upload.Batch(7001), """[{"email":"pat@example.com","country":"US"}]"""), apiKey: Key);
            Assert.Equal(200, status);
            var waiting = await Waiting.ForSessionAsync(server, 7001, s =>
                Waiting.Deliveries(s).Count() == 3
                && Waiting.Deliveries(s).All(d => d.Instance == "sandbox_tiktok" ? d is { State: DeliveryState.Pending, Attempts: 1 } : d.State == DeliveryState.Succeeded),
                TimeSpan.FromSeconds(120));
            var failed = Waiting.Deliveries(waiting).Single(d => d.Instance == "sandbox_tiktok");

            await page.GotoAsync("/ops");
            await SaveAsync(page, "dashboard");
            await page.ClickAsync("tr[data-session='7001'] a");
            var cell = page.Locator($"[data-delivery='{failed.DeliveryId}']");
            Assert.Equal("pending", await cell.GetAttributeAsync("data-state"));
            Assert.Contains("503", await cell.InnerTextAsync(), StringComparison.Ordinal);
            await SaveAsync(page, "before-retry");

            await page.ClickAsync($"[data-testid='retry-{failed.DeliveryId}']");
            Assert.Contains("Done: retry delivery, 1 delivery changed.", await page.InnerTextAsync("[data-testid=notice]"), StringComparison.Ordinal);
            await Waiting.ForSessionAsync(server, 7001, s => Waiting.Deliveries(s).All(d => d.State == DeliveryState.Succeeded), TimeSpan.FromSeconds(120));
            await page.ReloadAsync();

            Assert.Equal("succeeded", await page.Locator($"[data-delivery='{failed.DeliveryId}']").GetAttributeAsync("data-state"));
            Assert.Contains("browser-operator", await page.InnerTextAsync("[data-testid=actions]"), StringComparison.Ordinal);
            await SaveAsync(page, "after-retry");
        }
        catch
        {
            await SaveAsync(page, "failure");
            throw;
        }
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts", "ops-page");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
