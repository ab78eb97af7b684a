namespace AudienceRelay.Store.Postgres;

/// <summary>
/// A task that completes at the next notification of one channel. Waiters take it before they read the
/// store and wait on it after, so a notification in between is never missed.
/// </summary>
internal sealed class NotificationSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Raise() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
