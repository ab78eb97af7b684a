using AudienceRelay.Server.Tests.Infrastructure;

namespace AudienceRelay.Server.Tests.Ingress;

/// <summary>A real server with one (unreachable, undelivered) webhook instance, so uploads are accepted and stay stored.</summary>
internal static class IngressServer
{
    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Providers:hook:Type"] = "webhook",
            ["Providers:hook:Url"] = "http://127.0.0.1:9/unused",
            ["Providers:hook:Secret"] = "0123456789abcdef0123",
            ["Delivery:Enabled"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static Task<TestServer> StartAsync(IDictionary<string, string?>? extra = null) => TestServer.StartAsync(Settings(extra));

    /// <summary>A form whose users part is given as raw bytes (to send bytes that are not valid UTF-8).</summary>
    public static MultipartFormDataContent RawForm(byte[] batch, byte[] users)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("Raw"), "name" },
            { new ByteArrayContent(batch), "batch" },
            { new ByteArrayContent(users), "users" },
        };
        return form;
    }
}
