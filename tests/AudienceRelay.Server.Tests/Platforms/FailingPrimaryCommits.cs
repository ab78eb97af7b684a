using System.Reflection;
using System.Threading.Channels;
using AudienceRelay.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AudienceRelay.Server.Tests.Platforms;

/// <summary>
/// The server's real store, wrapped so that the next primary-session commit after <see cref="Arm"/> fails as a store
/// error or a node that died would: <see cref="CommitFailure.BeforeCommit"/> throws without committing (the platform
/// removals were sent, the ledger still holds the replaced keys); <see cref="CommitFailure.AfterCommit"/> commits and
/// then throws (the answer was lost). Every other call goes straight through. Each failure is announced on
/// <see cref="Failures"/>.
/// </summary>
public class FailingPrimaryCommits : DispatchProxy
{
    private IAudienceStore _inner = null!;
    private int _armed;
    private CommitFailure _failure;

    public enum CommitFailure
    {
        BeforeCommit,
        AfterCommit,
    }

    /// <summary>Completes one item (the session id) per commit that was made to fail.</summary>
    public Channel<long> Failures { get; } = Channel.CreateUnbounded<long>();

    /// <summary>Replaces the registered store with the wrapper; returns the wrapper's controls.</summary>
    public static FailingPrimaryCommits Install(IServiceCollection services)
    {
        var registered = services.Single(d => d.ServiceType == typeof(IAudienceStore));
        services.Remove(registered);
        var proxy = Create<IAudienceStore, FailingPrimaryCommits>();
        var controls = (FailingPrimaryCommits)(object)proxy;
        services.AddSingleton(sp =>
        {
            controls._inner = (IAudienceStore)registered.ImplementationFactory!(sp);
            return proxy;
        });
        return controls;
    }

    /// <summary>The next primary-session commit fails the given way (once).</summary>
    public void Arm(CommitFailure failure)
    {
        _failure = failure;
        Volatile.Write(ref _armed, 1);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IUploadSessionStore.CommitPrimarySessionAsync) && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            return FailAsync(targetMethod, args!);
        }

        return Forward(targetMethod, args);
    }

    private async Task FailAsync(MethodInfo targetMethod, object?[] args)
    {
        if (_failure == CommitFailure.AfterCommit)
        {
            await (Task)Forward(targetMethod, args)!;
        }

        Failures.Writer.TryWrite((long)args[2]!);
        throw new TimeoutException("the store did not answer the commit (injected by the test)");
    }

    private object? Forward(MethodInfo targetMethod, object?[]? args)
    {
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
