using AudienceRelay.Server.Delivery;
using AudienceRelay.Store;
using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Security;
using Npgsql;

namespace AudienceRelay.Server.Scaling;

/// <summary>
/// What a node needs to share a PostgreSQL store with other nodes: settings that are the same on every
/// node (checked here, at start, with messages naming the settings), the store, and the listener that
/// wakes this node when another one stores a batch or ends a delivery.
/// </summary>
internal static class PostgresNodeSetup
{
    public const string Engine = "postgres";

    /// <summary>The configuration problems of a PostgreSQL node; empty when it may start.</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var errors = new List<string>();
        var connectionString = configuration.GetConnectionString("Audience");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add("ConnectionStrings:Audience (ConnectionStrings__Audience) must be set to the shared database's Npgsql connection string, e.g. Host=db.internal;Database=audience;Username=audience_relay;Password=…; the SQLite default does not apply to Store:Engine=postgres.");
        }
        else if (!IsPostgresConnectionString(connectionString))
        {
            // The string itself may hold a password: name the setting, never quote it.
            errors.Add("ConnectionStrings:Audience (ConnectionStrings__Audience) is not an Npgsql connection string with a Host, e.g. Host=db.internal;Database=audience;Username=audience_relay;Password=….");
        }

        if (string.IsNullOrWhiteSpace(configuration["Store:PayloadKey"]) && string.IsNullOrWhiteSpace(configuration["Store:PayloadKeyFile"]))
        {
            errors.Add("Store:PayloadKey (Store__PayloadKey) must be set to the same base64 32-byte key on every node (openssl rand -base64 32), or Store:PayloadKeyFile (Store__PayloadKeyFile) to a file holding it; a key generated per node would leave each node unable to read the batches the others accepted.");
        }

        return errors;
    }

    /// <summary>Registers the shared store (also as <see cref="IAudienceStore"/>) and the cross-node wake-ups.</summary>
    public static void AddPostgresStore(this IServiceCollection services, IConfiguration configuration)
    {
        var errors = Validate(configuration);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Store:Engine=postgres is not configured for several nodes:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)));
        }

        var connectionString = configuration.GetConnectionString("Audience")!;
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StoreOptions>>().Value;
            // Never generated here: every node must hold the same key, so a missing file is an error.
            var key = PayloadKey.TryRead(options.PayloadKey, options.PayloadKeyFile ?? string.Empty)
                ?? throw new PayloadKeyMismatchException($"Store:PayloadKeyFile (Store__PayloadKeyFile) {options.PayloadKeyFile} does not exist; set it, or Store:PayloadKey (Store__PayloadKey), to the key shared by every node.");
            return new PostgresAudienceStore(connectionString, new PayloadProtector(StoreSetup.Ring(key, options)));
        });
        services.AddSingleton<IAudienceStore>(sp => sp.GetRequiredService<PostgresAudienceStore>());
        services.AddHostedService(sp => new NotificationBridge(
            new PostgresNotifications(connectionString, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresNotifications>>()),
            sp.GetRequiredService<DeliverySignals>()));
    }

    private static bool IsPostgresConnectionString(string connectionString)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
