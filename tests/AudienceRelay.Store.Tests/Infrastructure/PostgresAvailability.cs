namespace AudienceRelay.Store.Tests.Infrastructure;

/// <summary>
/// Where the PostgreSQL tests get a server: <c>AUDIENCE_TEST_POSTGRES</c> (a connection string whose
/// role may CREATE DATABASE), else a throwaway cluster from the installed server binaries. Without
/// either they are skipped, unless <c>AUDIENCE_REQUIRE_POSTGRES=1</c> (CI) makes that a failure.
/// </summary>
public static class PostgresAvailability
{
    public const string ConnectionVariable = "AUDIENCE_TEST_POSTGRES";
    public const string RequireVariable = "AUDIENCE_REQUIRE_POSTGRES";
    public const string BinariesVariable = "AUDIENCE_TEST_POSTGRES_BIN";

    public const string HowToEnable =
        "PostgreSQL is not available: set AUDIENCE_TEST_POSTGRES to a connection string whose role may CREATE DATABASE, " +
        "or install the PostgreSQL server binaries (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin, on PATH, or in " +
        "AUDIENCE_TEST_POSTGRES_BIN; e.g. apt-get install postgresql). Set AUDIENCE_REQUIRE_POSTGRES=1 to make this a failure instead of a skip.";

    public static string? ConnectionString { get; } = Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } value ? value : null;

    public static bool Required { get; } = Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// The folder holding initdb and pg_ctl: AUDIENCE_TEST_POSTGRES_BIN when set (to pick a version), else
    /// the newest installed version; null when there is none.
    /// </summary>
    public static string? BinDirectory { get; } = FindBinaries();

    /// <summary>Why PostgreSQL tests are skipped, or null when they run (or must run).</summary>
    public static string? SkipReason => ConnectionString is not null || BinDirectory is not null || Required ? null : HowToEnable;

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable(BinariesVariable) is { Length: > 0 } chosen)
        {
            return HasTools(chosen) ? chosen : null;
        }

        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.Add("/usr/local/pgsql/bin");
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(HasTools);
    }

    private static bool HasTools(string folder) => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));
}
