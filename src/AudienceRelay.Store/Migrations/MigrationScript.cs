using System.Reflection;

namespace AudienceRelay.Store.Migrations;

/// <summary>A numbered SQL migration embedded in this assembly (<c>Migrations/{Engine}/NNN_name.sql</c>).</summary>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    /// <summary>The scripts of one engine folder, in version order.</summary>
    public static IReadOnlyList<MigrationScript> Load(string engine)
    {
        var assembly = typeof(MigrationScript).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{engine}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, n[prefix.Length..^4]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static MigrationScript Read(Assembly assembly, string resource, string fileName)
    {
        // Embedded resource names turn a leading digit into "_"; "001_initial" arrives as "_001_initial".
        var name = fileName.TrimStart('_');
        var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return new MigrationScript(version, name, reader.ReadToEnd());
    }
}
