using AudienceRelay.Emulators.Google;
using Microsoft.Extensions.Time.Testing;

namespace AudienceRelay.Emulators.Tests.Google;

/// <summary>A job's operations are held until it ends; then only their counts stay.</summary>
public sealed class GoogleStoreTests
{
    private const string Ann = "hashedEmail:b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514";
    private const string Bob = "hashedEmail:5e0bd7d4f4f4f06a6d2e3f2b5a4b4c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

    [Theory]
    [InlineData(false, "SUCCESS")]
    [InlineData(true, "FAILED")]
    public void An_ended_job_drops_its_operations_and_keeps_their_counts(bool fail, string status)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var store = new GoogleStore(new GoogleEmulatorOptions(), time);
        var job = new GoogleEmuJob("1", "123", "9", "GRANTED", "GRANTED");
        lock (store.Gate)
        {
            store.Add(new GoogleEmuList("9", "123", "list", "CONTACT_INFO", 540));
            store.Add(job);
            job.AddCreate([Ann]);
            job.AddCreate([Bob]);
            job.Status = "RUNNING";
            job.RunAt = time.GetUtcNow();
        }

        if (fail)
        {
            store.FailNextJobs(1);
        }

        var pendingWhileRunning = job.PendingCreates.Count;
        time.Advance(new GoogleEmulatorOptions().JobDuration);
        var view = Assert.Single(store.JobViews("9"));

        Assert.Equal(2, pendingWhileRunning);
        Assert.Equal(status, view.Status);
        Assert.Equal(2, view.Creates);
        Assert.Equal(0, view.Removes);
        Assert.Empty(job.PendingCreates);
        Assert.Equal(fail ? [] : new[] { Bob, Ann }, store.Members("9").Order(StringComparer.Ordinal));
    }
}
