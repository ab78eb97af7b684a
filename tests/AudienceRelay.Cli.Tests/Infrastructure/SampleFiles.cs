using System.Globalization;

namespace AudienceRelay.Cli.Tests.Infrastructure;

/// <summary>Generated input files of fictional users (example.com addresses, 555-01xx numbers).</summary>
public static class SampleFiles
{
    private static readonly string[] FirstNames = ["Ada", "Bo", "Cleo", "Dov", "Edie", "Finn", "Gia", "Hal"];
    private static readonly string[] LastNames = ["Marsh", "Quill", "Rook", "Sable", "Thorne", "Vale"];

    /// <summary>Writes <paramref name="users"/> rows, streaming, with a header and a quoted field now and then.</summary>
    public static string WriteCsv(string path, int users)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("edgeTagId,email,phone,firstName,lastName,country,postalCode,currency,profit,total7Days");
        for (var i = 0; i < users; i++)
        {
            var last = LastNames[i % LastNames.Length];
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"et_{i:x8},user{i}@example.com,+1 212-555-01{i % 100:00},{FirstNames[i % FirstNames.Length]},{(i % 50 == 0 ? $"\"{last}, Jr.\"" : last)},US,{10000 + (i % 900)},USD,{i % 97}.50,{i % 13}"));
        }

        return path;
    }
}
