using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AudienceRelay.Soak;

/// <summary>
/// A paced stream of uploads spread over the live nodes: custom sessions of new users into a few audiences, and
/// full primary lists of two audiences (each a random subset of a fixed pool, its batches posted back to back in
/// random order). At most <see cref="SoakOptions.UploadsPerSecond"/> batches a second are posted, and none while more
/// than <see cref="SoakOptions.MaxOpenDeliveries"/> deliveries are open at one platform (the slowest sets the pace:
/// Klaviyo's import jobs are followed until complete), so what is posted can drain on a small machine. A batch is retried (same sessionId and sequence, so never stored twice) until a node accepts it, and
/// only then counted as accepted: the expectation is exactly what the service said it took.
/// </summary>
internal sealed class Workload(IReadOnlyList<NodeProcess> nodes, SoakOptions options, Func<CancellationToken, Task<long>> mostOpen, Random random)
{
    public const int CustomAudiences = 4;
    public const int PrimaryAudiences = 2;
    private const int PrimaryPool = 300;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly long _sessionBase = 1_800_000_000_000 + Random.Shared.NextInt64(1_000_000_000);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _nextSlot;
    private long _sessions;
    private int _next;

    /// <summary>Accepted emails of each custom batch, by (sessionId, sequence), with the audience name sent.</summary>
    public ConcurrentDictionary<(long Session, long Sequence), (string Name, IReadOnlyList<string> Emails)> CustomBatches { get; } = new();

    /// <summary>Accepted emails of each custom audience (by the name sent).</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Custom =>
        CustomBatches.Values.GroupBy(b => b.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.SelectMany(b => b.Emails).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The newest complete list of each primary audience (by the name sent), and its session.</summary>
    public ConcurrentDictionary<string, (long Session, IReadOnlyList<string> Emails)> Primary { get; } = new();

    public int Batches { get; private set; }

    public int RetriedPosts { get; private set; }

    /// <summary>Seconds the stream held back because too many deliveries were open.</summary>
    public int HeldBackSeconds { get; private set; }

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var round = 0;
        var end = _clock.Elapsed + duration;
        while (_clock.Elapsed < end && !cancellationToken.IsCancellationRequested)
        {
            if (await mostOpen(cancellationToken) > options.MaxOpenDeliveries)
            {
                HeldBackSeconds++;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

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

    /// <summary>One more complete list for every primary audience: the list each must hold at the end.</summary>
    public async Task FinalListsAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < PrimaryAudiences; i++)
        {
            await PrimarySessionAsync($"soak-primary-{i}", cancellationToken);
        }
    }

    private async Task CustomSessionAsync(string name, CancellationToken cancellationToken)
    {
        var session = _sessionBase + Interlocked.Increment(ref _sessions);
        var batches = random.Next(1, 4);
        var emails = Enumerable.Range(0, batches * random.Next(20, 120)).Select(i => $"c{session}.{i}@example.com").ToList();
        await PostSessionAsync(name, "custom", session, emails, batches, (sequence, part) => CustomBatches[(session, sequence)] = (name, part), cancellationToken);
    }

    private async Task PrimarySessionAsync(string name, CancellationToken cancellationToken)
    {
        var session = _sessionBase + Interlocked.Increment(ref _sessions);
        var list = Enumerable.Range(0, PrimaryPool).Where(_ => random.NextDouble() < 0.6).Select(i => $"p.{name}.{i}@example.com").ToList();
        await PostSessionAsync(name, "primary", session, list, random.Next(1, 4), (_, _) => { }, cancellationToken);
        Primary[name] = (session, list);
    }

    private async Task PostSessionAsync(string name, string type, long session, List<string> emails, int batches, Action<long, List<string>> accepted, CancellationToken cancellationToken)
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

            await PaceAsync(cancellationToken);
            await PostUntilAcceptedAsync(name, type, session, sequence, batches, emails.Count, part, cancellationToken);
            accepted(sequence, part);
            Batches++;
        }
    }

    /// <summary>Waits for the next posting slot: one every 1/UploadsPerSecond seconds, never saved up while idle.</summary>
    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        var now = _clock.Elapsed;
        if (_nextSlot > now)
        {
            await Task.Delay(_nextSlot - now, cancellationToken);
        }

        _nextSlot = (_nextSlot > now ? _nextSlot : now) + TimeSpan.FromSeconds(1 / options.UploadsPerSecond);
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
