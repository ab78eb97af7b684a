using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AudienceRelay.Soak;

/// <summary>
/// A steady stream of uploads spread over the live nodes: custom sessions of new users into a few audiences, and
/// full primary lists of two audiences (each a random subset of a fixed pool, its batches posted back to back in
/// random order). A batch is retried (same sessionId and sequence, so never stored twice) until a node accepts it,
/// and only then counted as accepted: the expectation is exactly what the service said it took.
/// </summary>
internal sealed class Workload(IReadOnlyList<NodeProcess> nodes, Random random)
{
    public const int CustomAudiences = 4;
    public const int PrimaryAudiences = 2;
    private const int PrimaryPool = 300;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly long _sessionBase = 1_800_000_000_000 + Random.Shared.NextInt64(1_000_000_000);
    private long _sessions;
    private int _next;

    /// <summary>Accepted emails of each custom audience (by the name sent).</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Custom { get; } = new();

    /// <summary>The newest complete list of each primary audience (by the name sent).</summary>
    public ConcurrentDictionary<string, IReadOnlyList<string>> Primary { get; } = new();

    public int Batches { get; private set; }

    public int RetriedPosts { get; private set; }

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var round = 0;
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            round++;
            if (round % 3 == 0)
            {
                await PrimarySessionAsync($"soak-primary-{round / 3 % PrimaryAudiences}", cancellationToken);
            }
            else
            {
                await CustomSessionAsync($"soak-custom-{round % CustomAudiences}", cancellationToken);
            }
        }
    }

    private async Task CustomSessionAsync(string name, CancellationToken cancellationToken)
    {
        var session = _sessionBase + Interlocked.Increment(ref _sessions);
        var batches = random.Next(1, 4);
        var emails = Enumerable.Range(0, batches * random.Next(20, 120)).Select(i => $"c{session}.{i}@example.com").ToList();
        await PostSessionAsync(name, "custom", session, emails, batches, cancellationToken);
        var accepted = Custom.GetOrAdd(name, _ => []);
        foreach (var email in emails)
        {
            accepted.Add(email);
        }
    }

    private async Task PrimarySessionAsync(string name, CancellationToken cancellationToken)
    {
        var session = _sessionBase + Interlocked.Increment(ref _sessions);
        var list = Enumerable.Range(0, PrimaryPool).Where(_ => random.NextDouble() < 0.6).Select(i => $"p.{name}.{i}@example.com").ToList();
        await PostSessionAsync(name, "primary", session, list, random.Next(1, 4), cancellationToken);
        Primary[name] = list;
    }

    private async Task PostSessionAsync(string name, string type, long session, List<string> emails, int batches, CancellationToken cancellationToken)
    {
        var size = (emails.Count + batches - 1) / batches;
        var order = Enumerable.Range(1, batches).OrderBy(_ => random.Next()).ToList();
        foreach (var sequence in order)
        {
            var part = emails.Skip((sequence - 1) * size).Take(size).ToList();
            if (part.Count == 0)
            {
                part = [emails[0]];
            }

            await PostUntilAcceptedAsync(name, type, session, sequence, batches, emails.Count, part, cancellationToken);
            Batches++;
        }
    }

    private async Task PostUntilAcceptedAsync(string name, string type, long session, int sequence, int totalBatches, int totalUsers, List<string> emails, CancellationToken cancellationToken)
    {
        var users = JsonSerializer.Serialize(emails.Select(e => new Dictionary<string, string> { ["email"] = e, ["country"] = "US" }));
        var batch = $"{{\"sessionId\":{session},\"sequence\":{sequence},\"totalBatches\":{totalBatches},\"totalUsers\":{totalUsers}}}";
        for (var attempt = 0; ; attempt++)
        {
            var node = nodes[Interlocked.Increment(ref _next) % nodes.Count];
            try
            {
                using var form = new MultipartFormDataContent
                {
                    { new StringContent(name), "name" },
                    { new StringContent(type), "type" },
                    { new StringContent(batch), "batch" },
                    { new StringContent(users, Encoding.UTF8, new MediaTypeHeaderValue("application/json")), "users" },
                };
                using var response = await Http.PostAsync(new Uri(node.BaseAddress, "audience"), form, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                if ((int)response.StatusCode is >= 400 and < 500)
                {
                    throw new InvalidOperationException($"a valid batch was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The node was killed under us (or is restarting): the batch is posted again, to the next node.
            }

            RetriedPosts++;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * (attempt + 1))), cancellationToken);
        }
    }
}
