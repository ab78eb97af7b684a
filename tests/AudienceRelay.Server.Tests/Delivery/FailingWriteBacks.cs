using System.Reflection;
using System.Threading.Channels;
using AudienceRelay.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AudienceRelay.Server.Tests.Delivery;

/// <summary>
/// The server's real store, wrapped so that its first <c>CompleteAsync</c> calls fail as a store that is briefly
/// unreachable would (every other call goes straight through). Each failure is announced on <see cref="Failures"/>.
/// </summary>
public class FailingWriteBacks : DispatchProxy
{
    private IAudienceStore _inner = null!;
    private int _failuresLeft;

    /// <summary>Completes one item per write-back that was made to fail.</summary>
    public Channel<int> Failures { get; } = Channel.CreateUnbounded<int>();

    /// <summary>Replaces the registered store with the wrapper; returns the wrapper's controls.</summary>
    public static FailingWriteBacks Install(IServiceCollection services, int failures)
    {
        var registered = services.Single(d => d.ServiceType == typeof(IAudienceStore));
        services.Remove(registered);
        var proxy = Create<IAudienceStore, FailingWriteBacks>();
        var controls = (FailingWriteBacks)(object)proxy;
        controls._failuresLeft = failures;
        services.AddSingleton(sp =>
        {
            controls._inner = (IAudienceStore)registered.ImplementationFactory!(sp);
            return proxy;
        });
        return controls;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAudienceStore.CompleteAsync) && Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            Failures.Writer.TryWrite(_failuresLeft);
            return Task.FromException<bool>(new TimeoutException("the store did not answer (injected by the test)"));
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
