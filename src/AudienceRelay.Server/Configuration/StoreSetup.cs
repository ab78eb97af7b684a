using AudienceRelay.Server.Maintenance;
using AudienceRelay.Server.Scaling;
using AudienceRelay.Store;
using AudienceRelay.Store.Operations;
using AudienceRelay.Store.Postgres;
using AudienceRelay.Store.Security;
using AudienceRelay.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server;

/// <summary>
/// The one registration of the store: the engine named by <c>Store:Engine</c>, with its payload keys.
/// The key is found here, before the store opens: a missing key file is created only for a store that
/// holds no payloads yet; the store then checks the key against the key check it recorded (see
/// <see cref="PayloadKeyGuard"/>) when it migrates at start.
/// </summary>
internal static class StoreSetup
{
    public const string DefaultConnectionString = "Data Source=data/audience.db";

    public static void AddAudienceStore(this IServiceCollection services, IConfiguration configuration, string engine)
    {
        if (engine == PostgresNodeSetup.Engine)
        {
            // Several nodes: the shared store, and LISTEN for the other nodes' work (registered before the dispatcher).
            services.AddPostgresStore(configuration);
        }
        else
        {
            services.AddSqliteStore(configuration);
        }

        // Each caller asks for the narrow part it needs; all of them are the one store instance (through
        // IAudienceStore, so a test that wraps the store wraps every part).
        services.AddSingleton<IStoreLifecycle>(sp => sp.GetRequiredService<IAudienceStore>());
        services.AddSingleton<IBatchStore>(sp => sp.GetRequiredService<IAudienceStore>());
        services.AddSingleton<IDeliveryQueue>(sp => sp.GetRequiredService<IAudienceStore>());
        services.AddSingleton<IUploadSessionStore>(sp => sp.GetRequiredService<IAudienceStore>());
        services.AddSingleton<IAudienceIdStore>(sp => sp.GetRequiredService<IAudienceStore>());
        services.AddSingleton<IStatusStore>(sp => sp.GetRequiredService<IAudienceStore>());

        // The sweeper and retention: every node runs it, the store's maintenance lock lets one at a time work.
        // Resolved from the engine's own type, so a test that wraps IAudienceStore keeps the real maintenance.
        services.AddSingleton<IStoreMaintenance>(sp => engine == PostgresNodeSetup.Engine
            ? sp.GetRequiredService<PostgresAudienceStore>()
            : sp.GetRequiredService<SqliteAudienceStore>());
        // The operations page and admin API, likewise from the engine's own type.
        services.AddSingleton<IOperationsStore>(sp => engine == PostgresNodeSetup.Engine
            ? sp.GetRequiredService<PostgresAudienceStore>()
            : sp.GetRequiredService<SqliteAudienceStore>());
        services.AddSingleton<StoreSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreSweeper>());
    }

    public static void AddSqliteStore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Audience") ?? DefaultConnectionString;
        services.AddSingleton<IAudienceStore>(sp => sp.GetRequiredService<SqliteAudienceStore>());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var keyFile = string.IsNullOrWhiteSpace(options.PayloadKeyFile) ? DefaultKeyFile(connectionString) : options.PayloadKeyFile;
            var key = PayloadKey.TryRead(options.PayloadKey, keyFile);
            if (key is null)
            {
                if (SqliteAudienceStore.HoldsKeyedDataAsync(connectionString, CancellationToken.None).GetAwaiter().GetResult())
                {
                    throw PayloadKeyGuard.Missing(Path.GetFullPath(keyFile), DatabasePath(connectionString));
                }

                key = PayloadKey.Create(keyFile);
            }

            return new SqliteAudienceStore(connectionString, new PayloadProtector(Ring(key, options)));
        });
    }

    /// <summary>The key ring of a node: its current key and the older ones it still reads.</summary>
    public static PayloadKeyring Ring(byte[] current, StoreOptions options) => new(current, PayloadKey.DecodePrevious(options.PreviousPayloadKeys));

    /// <summary><c>payload.key</c> beside the SQLite database file named by the connection string's Data Source.</summary>
    public static string DefaultKeyFile(string connectionString)
    {
        var path = DatabasePath(connectionString);
        return string.IsNullOrEmpty(path) || path == ":memory:" || path.StartsWith("file:", StringComparison.Ordinal)
            ? Path.GetFullPath(Path.Combine("data", "payload.key"))
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "payload.key");
    }

    private static string DatabasePath(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;
}
