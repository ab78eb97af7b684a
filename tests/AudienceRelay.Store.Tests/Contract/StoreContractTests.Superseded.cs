using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

/// <summary>
/// The ledger rule asked on its own (a platform-side replace, Meta's, must not be sent for a superseded session): a
/// primary session is superseded at an instance once a newer session of the audience has a delivery there.
/// </summary>
public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task A_primary_session_is_superseded_at_an_instance_once_a_newer_one_has_a_delivery_there()
    {
        await AcceptAsync(TestBatches.Create(401, 0, T0, totalBatches: 1, instances: ["meta"], name: "sup", type: AudienceType.Primary));
        Assert.False(await Store.IsPrimarySessionSupersededAsync("meta", "blotout_sup", 401, None));

        // A newer session that goes to another instance only supersedes nothing here; another audience's neither.
        await AcceptAsync(TestBatches.Create(402, 0, T0, totalBatches: 1, instances: ["tiktok"], name: "sup", type: AudienceType.Primary));
        await AcceptAsync(TestBatches.Create(403, 0, T0, totalBatches: 1, instances: ["meta"], name: "other", type: AudienceType.Primary));
        Assert.False(await Store.IsPrimarySessionSupersededAsync("meta", "blotout_sup", 401, None));

        await AcceptAsync(TestBatches.Create(404, 0, T0, totalBatches: 1, instances: ["meta"], name: "sup", type: AudienceType.Primary));
        Assert.True(await Store.IsPrimarySessionSupersededAsync("meta", "blotout_sup", 401, None));
        Assert.False(await Store.IsPrimarySessionSupersededAsync("meta", "blotout_sup", 404, None));
    }
}
