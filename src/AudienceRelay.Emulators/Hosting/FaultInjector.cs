namespace AudienceRelay.Emulators.Hosting;

/// <summary>
/// Holds the faults queued for one emulator and hands each to the next matching request. Thread-safe:
/// the server under test calls the emulator from many workers at once.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<(Fault Fault, int Left)> _pending = [];

    public void Add(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Times, 1);
        lock (_gate)
        {
            _pending.Add((fault, fault.Times));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }
    }

    /// <summary>Takes the first fault that matches the path, using up one of its times.</summary>
    public Fault? Take(string path)
    {
        lock (_gate)
        {
            for (var i = 0; i < _pending.Count; i++)
            {
                var (fault, left) = _pending[i];
                if (fault.PathContains is not null && !path.Contains(fault.PathContains, StringComparison.Ordinal))
                {
                    continue;
                }

                if (left <= 1)
                {
                    _pending.RemoveAt(i);
                }
                else
                {
                    _pending[i] = (fault, left - 1);
                }

                return fault;
            }

            return null;
        }
    }

    /// <summary>
    /// Applies the transport-level faults (slow, drop) itself and returns the fault that the
    /// emulator must still turn into its platform's answer (throttle, server error, error), or null.
    /// </summary>
    /// <param name="beforeDrop">Runs just before a dropped connection is aborted, so an emulator can note the request
    /// before the client can observe the drop.</param>
    public async Task<Fault?> ApplyAsync(HttpContext context, CancellationToken cancellationToken, Action? beforeDrop = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fault = Take(context.Request.Path.Value ?? string.Empty);
        switch (fault?.Kind)
        {
            case null:
                return null;
            case FaultKind.Slow:
                await Task.Delay(fault.Delay, cancellationToken);
                return null;
            case FaultKind.Drop:
                beforeDrop?.Invoke();
                context.Abort();
                return fault;
            default:
                return fault;
        }
    }
}
