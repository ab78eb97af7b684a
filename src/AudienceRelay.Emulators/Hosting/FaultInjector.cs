namespace AudienceRelay.Emulators.Hosting;

/// <summary>
/// Holds the faults queued for one emulator and hands each to the next matching request. Thread-safe:
/// the server under test calls the emulator from many workers at once.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<(Fault Fault, int Left)> _pending = [];
    private readonly Dictionary<FaultKind, int> _injected = [];
    private ChaosSettings? _chaos;

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
            _chaos = null;
        }
    }

    /// <summary>
    /// Chaos mode, for soak runs: besides the queued faults, each request meets one of <paramref name="faults"/>
    /// (chosen evenly) with probability <paramref name="rate"/>, drawn from <paramref name="random"/>. Off with <see cref="Clear"/>.
    /// </summary>
    public void SetChaos(double rate, IReadOnlyList<Fault> faults, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1);
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(random);
        lock (_gate)
        {
            _chaos = faults.Count == 0 ? null : new ChaosSettings(rate, [.. faults], random);
        }
    }

    /// <summary>How many faults of each kind were handed out so far (queued and chaos alike).</summary>
    public IReadOnlyDictionary<FaultKind, int> Injected
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<FaultKind, int>(_injected);
            }
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

                return Count(fault);
            }

            if (_chaos is { } chaos && chaos.Random.NextDouble() < chaos.Rate)
            {
                return Count(chaos.Faults[chaos.Random.Next(chaos.Faults.Length)]);
            }

            return null;
        }
    }

    private Fault Count(Fault fault)
    {
        _injected[fault.Kind] = _injected.GetValueOrDefault(fault.Kind) + 1;
        return fault;
    }

    private sealed record ChaosSettings(double Rate, Fault[] Faults, Random Random);

    /// <summary>
    /// The one fault step of every emulator's routes: takes the next fault for this request, applies the transport-level
    /// ones (slow, drop) here, and hands an answer fault (throttle, server error, error) to <paramref name="answer"/>,
    /// which writes the platform's own answer. True when the request has been answered or dropped.
    /// </summary>
    public async Task<bool> AnswerAsync(HttpContext context, Func<HttpContext, Fault, Task> answer, Action? beforeDrop = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answer);
        var fault = await ApplyAsync(context, context.RequestAborted, beforeDrop);
        if (fault is null)
        {
            return false;
        }

        if (fault.Kind != FaultKind.Drop)
        {
            await answer(context, fault);
        }

        return true;
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
