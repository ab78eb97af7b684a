using System.Net;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using AudienceRelay.Cli.Input;
using AudienceRelay.Client;

namespace AudienceRelay.Cli.Uploads;

/// <summary>
/// The second pass: one reader cuts the file into batches, <see cref="UploadPlan.Parallel"/> senders post them.
/// The channel between them holds at most that many batches, so memory stays bounded whatever the file size.
/// </summary>
internal sealed class BatchPipeline(
    AudienceRelayClient client,
    RetryPolicy retry,
    UploadTally tally,
    ResumeStateFile resume,
    Action<int>? acknowledged,
    Action<string>? warn)
{
    public async Task RunAsync(IUserSource source, UploadPlan plan, Action<long> progress, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<PlannedBatch>(new BoundedChannelOptions(plan.Parallel) { SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(source, plan, channel.Writer, stop), CancellationToken.None);
        var senders = Enumerable.Range(0, plan.Parallel)
            .Select(_ => Task.Run(() => SendAllAsync(channel.Reader, plan, progress, stop), CancellationToken.None))
            .ToList();

        await Task.WhenAll([producer, .. senders]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var task in senders.Prepend(producer))
        {
            if (task.Exception?.InnerException is { } failure and not OperationCanceledException)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task ProduceAsync(IUserSource source, UploadPlan plan, ChannelWriter<PlannedBatch> writer, CancellationTokenSource stop)
    {
        try
        {
            var sequence = 0;
            var users = new List<UserRecord>(plan.BatchSize);
            var lastLine = 0;
            foreach (var row in source.ReadRows())
            {
                lastLine = row.Line;
                if (row.User is null)
                {
                    continue;
                }

                users.Add(row.User);
                if (users.Count == plan.BatchSize)
                {
                    users = await EmitAsync(++sequence, users, lastLine);
                }
            }

            if (users.Count > 0)
            {
                await EmitAsync(++sequence, users, lastLine);
            }

            if (sequence != plan.TotalBatches)
            {
                throw new InputException(lastLine, "the file changed while it was being uploaded");
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            writer.TryComplete();
        }

        async Task<List<UserRecord>> EmitAsync(int sequence, List<UserRecord> users, int line)
        {
            if (sequence > plan.TotalBatches)
            {
                throw new InputException(line, "the file changed while it was being uploaded");
            }

            if (plan.Completed.Contains(sequence))
            {
                users.Clear();
                return users;
            }

            await writer.WriteAsync(new PlannedBatch(sequence, users), stop.Token);
            return new List<UserRecord>(plan.BatchSize);
        }
    }

    private async Task SendAllAsync(ChannelReader<PlannedBatch> reader, UploadPlan plan, Action<long> progress, CancellationTokenSource stop)
    {
        await foreach (var batch in reader.ReadAllAsync(stop.Token))
        {
            if (await SendAsync(batch, plan, stop))
            {
                await resume.MarkCompletedAsync(batch.Sequence);
                progress(batch.Users.Count);
                acknowledged?.Invoke(batch.Sequence);
            }
        }
    }

    /// <summary>Sends one batch; <see langword="true"/> when the server stored it (even if a provider then failed).</summary>
    private async Task<bool> SendAsync(PlannedBatch batch, UploadPlan plan, CancellationTokenSource stop)
    {
        var request = new UploadRequest
        {
            Name = plan.Name,
            Type = plan.Type,
            Batch = new UploadBatch(plan.SessionId, batch.Sequence, plan.TotalBatches, plan.TotalUsers, plan.PullDate),
            Users = batch.Users,
            DisablePrefix = plan.DisablePrefix,
            Sync = plan.Sync,
        };

        try
        {
            tally.Record(await retry.ExecuteAsync(token => client.UploadAsync(request, token), OnRetry, stop.Token));
            return true;
        }
        catch (AudienceRelayException failure) when (failure.BatchStored)
        {
            tally.RecordDeliveryFailure(batch.Sequence, failure);
            return true;
        }
        catch (AudienceRelayException failure)
        {
            tally.RecordFailure(batch.Sequence, failure.Message);
            if (StopsEveryBatch(failure.StatusCode))
            {
                tally.Abort(failure.Message);
                await stop.CancelAsync();
            }
        }
        catch (Exception failure) when (RetryPolicy.Transient(failure, stop.Token) is { } reason)
        {
            // Still failing after every retry: the server is down or unreachable, the next batches would fare no better.
            tally.RecordFailure(batch.Sequence, $"{reason}, after {retry.MaxAttempts} attempts");
            tally.Abort($"the server did not answer ({reason})");
            await stop.CancelAsync();
        }

        return false;

        void OnRetry(int attempt, TimeSpan delay, string reason)
        {
            tally.CountRetry();
            warn?.Invoke($"batch {batch.Sequence}: {reason}; retrying in {delay.TotalSeconds:0.#}s (attempt {attempt + 1} of {retry.MaxAttempts})");
        }
    }

    // Answers that no other batch of this upload can get past: a wrong key or URL, a body the server refuses.
    private static bool StopsEveryBatch(HttpStatusCode status) => status is HttpStatusCode.Unauthorized
        or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge
        or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.MethodNotAllowed;
}
