using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AudienceRelay.Store.Postgres;

/// <summary>
/// Wake-ups across nodes. The store sends a NOTIFY on <see cref="QueueChannel"/> when a batch is stored
/// (and when a finished delivery leaves more of its session to send), and on <see cref="FinishedChannel"/>
/// when a delivery's outcome is written; this class LISTENs on one connection of its own and passes them
/// on. Notifications are only a hint to look sooner: one sent while the connection was down is lost, so
/// after a reconnect every channel is raised once, and waiters still poll at their interval.
/// https://www.postgresql.org/docs/current/sql-notify.html
/// </summary>
public sealed partial class PostgresNotifications : IAsyncDisposable
{
    public const string QueueChannel = "audience_queue";
    public const string FinishedChannel = "audience_finished";

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NotificationSignal _queue = new();
    private readonly NotificationSignal _finished = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public PostgresNotifications(string connectionString, TimeProvider timeProvider, ILogger<PostgresNotifications>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        // A connection of its own, outside the pool: it is held for the life of the process.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "audience-relay notifications";
        }

        _connectionString = builder.ConnectionString;
        _time = timeProvider;
        _logger = logger ?? NullLogger<PostgresNotifications>.Instance;
    }

    /// <summary>Raised for every notification, on the listening loop (keep handlers short).</summary>
    public event EventHandler<PostgresNotification>? Received;

    /// <summary>Connects and LISTENs (so notifications sent after this returns are seen), then keeps listening until disposed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The notifications listener is already started.");
        }

        var connection = await ListenAsync(cancellationToken);
        _loop = Task.Run(() => RunAsync(connection, _stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// A task that completes at the next notification on <paramref name="channel"/>. Take it before
    /// reading the store and await it after, so a change in between is not missed.
    /// </summary>
    public Task NextAsync(string channel) => Signal(channel).NextAsync();

    /// <summary>Waits for the next notification on <paramref name="channel"/>.</summary>
    public Task WaitAsync(string channel, CancellationToken cancellationToken) => NextAsync(channel).WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }

    private NotificationSignal Signal(string channel) => channel switch
    {
        QueueChannel => _queue,
        FinishedChannel => _finished,
        _ => throw new ArgumentException($"Unknown channel '{channel}'; use {QueueChannel} or {FinishedChannel}.", nameof(channel)),
    };

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            connection.Notification += (_, e) => Raise(e.Channel, e.Payload);
            await using var command = new NpgsqlCommand($"LISTEN {QueueChannel}; LISTEN {FinishedChannel};", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task RunAsync(NpgsqlConnection? connection, CancellationToken stop)
    {
        var retry = FirstRetry;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (connection is null)
                {
                    connection = await ListenAsync(stop);
                    retry = FirstRetry;
                    ListenerRestored(_logger);
                    Raise(QueueChannel, string.Empty);
                    Raise(FinishedChannel, string.Empty);
                }

                // Notifications arrive while waiting; a quiet spell ends with a query, so a connection
                // that died silently is noticed.
                if (!await connection.WaitAsync(Heartbeat, stop))
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteNonQueryAsync(stop);
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                ListenerLost(_logger, ex.GetType().Name, retry);
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }

                try
                {
                    await Task.Delay(retry, _time, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private void Raise(string channel, string payload)
    {
        if (channel is not (QueueChannel or FinishedChannel))
        {
            return;
        }

        Signal(channel).Raise();
        try
        {
            Received?.Invoke(this, new PostgresNotification(channel, payload));
        }
        catch (Exception ex)
        {
            // A faulty handler must not take the listener down with it.
            HandlerFailed(_logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Lost the PostgreSQL notifications connection ({Error}); reconnecting in {Delay}")]
    private static partial void ListenerLost(ILogger logger, string error, TimeSpan delay);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "PostgreSQL notifications connection restored")]
    private static partial void ListenerRestored(ILogger logger);

    [LoggerMessage(EventId = 902, Level = LogLevel.Error, Message = "A notification handler failed with {Error}")]
    private static partial void HandlerFailed(ILogger logger, string error);
}
