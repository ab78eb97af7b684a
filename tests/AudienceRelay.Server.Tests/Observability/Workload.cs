using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Server.Tests.Observability;

/// <summary>
/// A known upload with recognizable personal data, and every form in which that data must never appear
/// in metrics or traces: raw, normalized, digits only, and the SHA-256 hex a platform receives.
/// </summary>
internal static class Workload
{
    public const string AudienceName = "ObservedShoppers";
    public const long SessionId = 918273645;

    public static readonly string Users = """
        [{"email":"Marguerite.Okonkwo@Example.com","phone":"+1 (415) 555-0143","firstName":"Marguerite","lastName":"Okonkwo","country":"US","postalCode":"94110"},
         {"email":"zebulon.ferreira@example.org","firstName":"Zebulon","lastName":"Ferreira","country":"GB","postalCode":"SW1A 1AA"},
         {"firstName":"Quillon","lastName":"Nobodyhere","postalCode":"73301"}]
        """;

    /// <summary>Strings that must not appear anywhere (compared case-insensitively).</summary>
    public static IReadOnlyList<string> Forbidden { get; } = Build();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Queues one fault at a sandbox emulator (its control route).</summary>
    public static async Task InjectAsync(string emulatorRoot, string platform, object fault)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(new Uri($"{emulatorRoot}/_emulator/{platform}/faults"), fault);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Each forbidden string found in <paramref name="text"/>.</summary>
    public static List<string> Leaks(string text) => Forbidden.Where(f => text.Contains(f, StringComparison.OrdinalIgnoreCase)).ToList();

    private static List<string> Build()
    {
        string[] plain =
        [
            "Marguerite.Okonkwo@Example.com", "marguerite.okonkwo@example.com", "marguerite", "okonkwo", "4155550143", "+14155550143", "94110",
            "zebulon.ferreira@example.org", "zebulon", "ferreira", "SW1A 1AA", "sw1a1aa", "Quillon", "Nobodyhere", "73301",
            AudienceName, SessionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        string[] hashed = ["marguerite.okonkwo@example.com", "zebulon.ferreira@example.org", "+14155550143", "14155550143", "marguerite", "okonkwo", "94110"];
        return [.. plain, .. hashed.Select(v => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(v))))];
    }
}
