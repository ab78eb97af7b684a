namespace AudienceRelay.Server.Delivery;

/// <summary>
/// Wakes waiters at once instead of at the next poll: the dispatcher when a batch is stored or a
/// worker frees a slot, sync requests when a delivery ends. Each waiter takes the current generation
/// and waits for it to change, so a wake between the check and the wait is never missed.
/// </summary>
internal sealed class DeliverySignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Wake"/>.</summary>
    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Wake() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
