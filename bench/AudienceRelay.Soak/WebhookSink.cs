using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Emulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AudienceRelay.Soak;

/// <summary>
/// The operator's webhook endpoint, as a small sink inside the driver: it checks each request's signature, faults a
/// share of requests like the platform emulators (429 with Retry-After, 503, slow answers, dropped connections), and
/// records the SHA-256 of every email it received, per audience name.
/// </summary>
internal sealed class WebhookSink(string secret) : IPlatformEmulator
{
    public const string Path = "receive";

    private readonly byte[] _secret = Encoding.UTF8.GetBytes(secret);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _received = new(StringComparer.Ordinal);
    private int _refused;

    public string Name => "webhook";

    public FaultInjector Faults { get; } = new();

    /// <summary>Requests refused because their signature did not match (each one is a problem).</summary>
    public int BadSignatures => _refused;

    /// <summary>The email hashes received for the audience, or null when nothing arrived for it.</summary>
    public IReadOnlySet<string>? Received(string audienceName) =>
        _received.TryGetValue(audienceName, out var emails) ? emails.Keys.ToHashSet(StringComparer.Ordinal) : null;

    public void Map(IEndpointRouteBuilder routes) => routes.MapPost("/" + Path, ReceiveAsync);

    public object Snapshot(int sampleSize) => _received.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.Ordinal);

    private async Task ReceiveAsync(HttpContext context)
    {
        switch ((await Faults.ApplyAsync(context, context.RequestAborted))?.Kind)
        {
            case FaultKind.Drop:
                return;
            case FaultKind.Throttle:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return;
            case FaultKind.ServerError:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.ToArray();
        var timestamp = context.Request.Headers["X-AudienceRelay-Timestamp"].ToString();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, (byte[])[.. Encoding.ASCII.GetBytes(timestamp + "."), .. bytes]));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(context.Request.Headers["X-AudienceRelay-Signature"].ToString())))
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var document = JsonDocument.Parse(bytes);
        var name = document.RootElement.GetProperty("audience").GetProperty("name").GetString() ?? string.Empty;
        var emails = _received.GetOrAdd(name, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal));
        foreach (var user in document.RootElement.GetProperty("users").EnumerateArray())
        {
            if (user.TryGetProperty("email", out var email) && email.GetString() is { } address)
            {
                emails.TryAdd(Verification.Sha256(address), 0);
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
