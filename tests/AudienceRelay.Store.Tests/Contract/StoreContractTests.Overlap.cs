using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>
/// Overlapping primary sessions of one audience (issue 12): ordered by first arrival; once a newer one has begun,
/// an older one never removes members and never becomes the baseline; the newest complete session removes.
/// Every interleaving of two and three sessions ends with exactly the newest list on the platform.
/// </summary>
public abstract partial class StoreContractTests
{
    // A property, not a field: the keys it uses are static fields of another part of this class.
    private static (string IdType, string Hash)[][] Lists =>
    [
        [Ann],
        [Ann, Bob, Cid],
        [Bob, Dee],
    ];

    [StoreFact]
    public async Task The_reproduced_overlap_keeps_every_member_of_the_newest_list()
    {
        // Baseline S1 = {ann, bob}. S3 (newest: ann, bob, cid) begins. S2 = {ann} then completes: it is superseded,
        // so it removes nothing and does not become the baseline. S3 completes and removes nothing either.
        var platform = new HashSet<(string, string)>();
        await BeginAsync(301, "repro", [Ann, Bob], platform);
        await CompleteAsync(301, "repro", platform);
        await BeginAsync(302, "repro", [Ann], platform, deliver: false);
        await BeginAsync(303, "repro", [Ann, Bob, Cid], platform);
        await Store.RecordPrimaryMembersAsync("tiktok", "blotout_repro", 302, [Ann], None);

        Assert.Empty(await Store.ListPrimaryMembersLeftAsync("tiktok", "blotout_repro", 302, None));
        await Store.CommitPrimarySessionAsync("tiktok", "blotout_repro", 302, None);
        Assert.Equal([Bob], await Store.FindPrimaryMembersAsync("tiktok", "blotout_repro", 301, [Bob], None));
        await CompleteAsync(303, "repro", platform);

        Assert.Equal([Ann, Bob, Cid], platform.Order());
        // S3 is the baseline: S1's keys are gone with its commit, S2's too.
        Assert.Empty(await Store.FindPrimaryMembersAsync("tiktok", "blotout_repro", 301, [Ann, Bob], None));
        Assert.Empty(await Store.FindPrimaryMembersAsync("tiktok", "blotout_repro", 302, [Ann], None));
    }

    [StoreFact]
    public async Task Every_interleaving_of_two_and_three_sessions_ends_with_the_newest_list()
    {
        var scenario = 0;
        foreach (var count in new[] { 2, 3 })
        {
            foreach (var order in Interleavings(count))
            {
                foreach (var rotation in Enumerable.Range(0, Lists.Length))
                {
                    scenario++;
                    var audience = $"overlap{scenario}";
                    var platform = new HashSet<(string, string)>();
                    // A committed baseline from before: {cid, dee}.
                    await BeginAsync(scenario * 10, audience, [Cid, Dee], platform);
                    await CompleteAsync(scenario * 10, audience, platform);

                    var removedBySuperseded = new List<(string, string)>();
                    var begun = 0;
                    foreach (var (session, begins) in order)
                    {
                        var id = (scenario * 10) + session + 1;
                        if (begins)
                        {
                            await BeginAsync(id, audience, Lists[(session + rotation) % Lists.Length], platform);
                            begun = Math.Max(begun, session + 1);
                        }
                        else
                        {
                            var removed = await CompleteAsync(id, audience, platform);
                            if (session + 1 < begun)
                            {
                                removedBySuperseded.AddRange(removed);
                            }
                        }
                    }

                    var newest = Lists[(count - 1 + rotation) % Lists.Length];
                    var label = $"{count} sessions, order {string.Join(' ', order.Select(e => (e.Begins ? "B" : "C") + (e.Session + 1)))}, rotation {rotation}";
                    Assert.True(newest.Order().SequenceEqual(platform.Order()), label);
                    Assert.True(removedBySuperseded.Count == 0, label);
                    // The newest session is the baseline: a later session removes relative to it.
                    Assert.Equal(newest.Order(), (await Store.FindPrimaryMembersAsync("tiktok", "blotout_" + audience, (scenario * 10) + count, newest, None)).Order());
                }
            }
        }
    }

    /// <summary>Every order of "session k begins" and "session k completes" events: sessions begin in arrival order, each completes after it began.</summary>
    private static IEnumerable<List<(int Session, bool Begins)>> Interleavings(int count)
    {
        IEnumerable<List<(int, bool)>> Walk(int nextBegin, HashSet<int> open, List<(int, bool)> so)
        {
            if (nextBegin == count && open.Count == 0)
            {
                yield return [.. so];
                yield break;
            }

            if (nextBegin < count)
            {
                open.Add(nextBegin);
                so.Add((nextBegin, true));
                foreach (var done in Walk(nextBegin + 1, open, so))
                {
                    yield return done;
                }

                so.RemoveAt(so.Count - 1);
                open.Remove(nextBegin);
            }

            foreach (var session in open.Order().ToList())
            {
                open.Remove(session);
                so.Add((session, false));
                foreach (var done in Walk(nextBegin, open, so))
                {
                    yield return done;
                }

                so.RemoveAt(so.Count - 1);
                open.Add(session);
            }
        }

        return Walk(0, [], []);
    }

    /// <summary>A primary session's first batch arrives (a delivery at tiktok), and its members are added and recorded.</summary>
    private async Task BeginAsync(long sessionId, string audience, (string IdType, string Hash)[] members, HashSet<(string, string)> platform, bool deliver = true)
    {
        await AcceptAsync(TestBatches.Create(sessionId, 0, T0, totalBatches: 1, instances: ["tiktok"], name: audience, type: AudienceType.Primary));
        if (deliver)
        {
            await Store.RecordPrimaryMembersAsync("tiktok", "blotout_" + audience, sessionId, members, None);
            platform.UnionWith(members);
        }
    }

    /// <summary>The session's last delivery: remove who left, then commit (as TikTok and Klaviyo do).</summary>
    private async Task<IReadOnlyList<(string IdType, string Hash)>> CompleteAsync(long sessionId, string audience, HashSet<(string, string)> platform)
    {
        var left = await Store.ListPrimaryMembersLeftAsync("tiktok", "blotout_" + audience, sessionId, None);
        platform.ExceptWith(left);
        await Store.CommitPrimarySessionAsync("tiktok", "blotout_" + audience, sessionId, left, None);
        return left;
    }
}
