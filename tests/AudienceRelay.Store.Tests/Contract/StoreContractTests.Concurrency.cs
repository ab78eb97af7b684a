using AudienceRelay.Store.Tests.Infrastructure;

namespace AudienceRelay.Store.Tests.Contract;

public abstract partial class StoreContractTests
{
    [StoreFact]
    public async Task Session_sequence_reservations_are_disjoint_and_contiguous_under_concurrency()
    {
        Assert.Equal(1, await Store.ReserveSessionSequenceAsync(80, "meta", 3, None));

        var sizes = Enumerable.Range(0, 20).Select(i => (i % 5) + 1).ToArray();
        var firsts = await Task.WhenAll(sizes.Select(size => Task.Run(() => Store.ReserveSessionSequenceAsync(80, "meta", size, None))));

        var ranges = firsts.Zip(sizes, (first, size) => (First: first, Size: size)).OrderBy(r => r.First).ToList();
        var expected = 4L;
        foreach (var (first, size) in ranges)
        {
            Assert.Equal(expected, first);
            expected += size;
        }

        Assert.Equal(4 + sizes.Sum(), expected);
        Assert.Equal(1, await Store.ReserveSessionSequenceAsync(80, "meta_eu", 1, None));
        Assert.Equal(expected, await Store.ReserveSessionSequenceAsync(80, "meta", 1, None));
    }

    [StoreFact]
    public async Task The_first_audience_id_saved_wins()
    {
        Assert.Null(await Store.FindAudienceAsync("meta", "blotout_vip", None));

        Assert.Equal("aud-1", await Store.SaveAudienceAsync("meta", "blotout_vip", "aud-1", T0, None));
        Assert.Equal("aud-1", await Store.SaveAudienceAsync("meta", "blotout_vip", "aud-2", T0, None));

        Assert.Equal("aud-1", await Store.FindAudienceAsync("meta", "blotout_vip", None));
        Assert.Null(await Store.FindAudienceAsync("tiktok", "blotout_vip", None));
        Assert.Null(await Store.FindAudienceAsync("meta", "vip", None));
    }

    [StoreFact]
    public async Task Concurrent_saves_of_one_audience_all_get_the_same_id()
    {
        var candidates = Enumerable.Range(0, 20).Select(i => $"aud-{i}").ToArray();

        var remembered = await Task.WhenAll(candidates.Select(id => Task.Run(() => Store.SaveAudienceAsync("meta", "blotout_race", id, T0, None))));

        var winner = Assert.Single(remembered.Distinct());
        Assert.Contains(winner, candidates);
        Assert.Equal(winner, await Store.FindAudienceAsync("meta", "blotout_race", None));
    }

    [StoreFact]
    public async Task The_audience_lock_lets_one_holder_in_at_a_time()
    {
        var inside = 0;
        var most = 0;
        var entered = 0;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var held = await Store.LockAudienceAsync("meta", "blotout_new", None);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            Interlocked.Increment(ref entered);
            // Real work inside (a store round trip) gives the others every chance to barge in.
            await Store.FindAudienceAsync("meta", "blotout_new", None);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
        })));

        Assert.Equal(1, most);
        Assert.Equal(20, entered);
    }

    [StoreFact]
    public async Task Audience_locks_of_other_names_or_instances_do_not_block()
    {
        await using var held = await Store.LockAudienceAsync("meta", "blotout_a", None);

        await using var otherName = await Store.LockAudienceAsync("meta", "blotout_b", None).WaitAsync(Patience);
        await using var otherInstance = await Store.LockAudienceAsync("tiktok", "blotout_a", None).WaitAsync(Patience);

        Assert.NotNull(otherName);
        Assert.NotNull(otherInstance);
    }

    [StoreFact]
    public async Task Waiting_for_an_audience_lock_can_be_cancelled()
    {
        var held = await Store.LockAudienceAsync("meta", "blotout_c", None);
        using var cancel = new CancellationTokenSource();
        var waiting = Store.LockAudienceAsync("meta", "blotout_c", cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        await held.DisposeAsync();
        await using var next = await Store.LockAudienceAsync("meta", "blotout_c", None).WaitAsync(Patience);
        Assert.NotNull(next);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
