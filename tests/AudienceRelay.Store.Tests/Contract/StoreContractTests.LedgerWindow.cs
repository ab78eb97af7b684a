using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>
/// The soak's Klaviyo leftover (docs/reliability.md): a superseded session that records its keys between a newer
/// session reading who left and that session's commit. docs/delivery.md promises such a member stays only until the
/// next primary session of the audience; the next session must therefore still find its key.
/// </summary>
public abstract partial class StoreContractTests
{
    // Failed on both engines while the commit deleted every replaced session's keys, including one recorded after the
    // left members were read, so Cid was never removed. The commit now removes what the read returned.
    [StoreFact]
    public async Task A_key_a_superseded_session_records_while_a_newer_one_commits_is_removed_by_the_next_session()
    {
        var platform = new HashSet<(string, string)>();
        await BeginAsync(501, "window", [Ann, Bob], platform);
        await CompleteAsync(501, "window", platform);
        await BeginAsync(502, "window", [Cid], platform, deliver: false);
        await BeginAsync(503, "window", [Ann], platform);

        // 503 completes: it reads who left, then 502 (superseded) adds and records Cid, then 503 commits.
        var left = await Store.ListPrimaryMembersLeftAsync("tiktok", "blotout_window", 503, None);
        platform.ExceptWith(left);
        await Store.RecordPrimaryMembersAsync("tiktok", "blotout_window", 502, [Cid], None);
        platform.Add(Cid);
        await Store.CommitPrimarySessionAsync("tiktok", "blotout_window", 503, left, None);

        await BeginAsync(504, "window", [Ann], platform);
        await CompleteAsync(504, "window", platform);

        Assert.Equal([Ann], platform.Order());
    }
}
