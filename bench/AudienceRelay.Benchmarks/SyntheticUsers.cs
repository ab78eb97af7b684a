using System.Globalization;
using AudienceRelay.Core.Contract;

namespace AudienceRelay.Benchmarks;

/// <summary>
/// A deterministic, realistic mix of synthetic users: invented names, example.* domains, fictional
/// phone ranges (NANP 555-01xx, Ofcom's drama ranges 020 7946 0xxx and 07700 900xxx) written in the
/// formats real lists use, postal codes in each country's shape, some garbage and some gaps.
/// </summary>
internal static class SyntheticUsers
{
    private static readonly string[] FirstNames =
    [
        "John", "Mary", "José", "Zoë", "Jean-Luc", "Léa", "Björn", "Ana María", "Wei", "정", "Aarav", "Chloé",
        "Liam", "Olivia", "Noah", "Emma", "Lucas", "Mia", "Mateo", "Sofia", "Hugo", "Inès", "Yuki", "Omar",
        "  Grace ", "HENRY", "amelia", "Jack", "Isla", "Finn", "Ava", "Leo", "Nora", "Ethan", "Ella", "Max",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "O'Brien", "García", "Müller", "Nguyen", "Smith-Jones", "Dupont", "Johansson", "Kowalski",
        "Rossi", "Tanaka", "Kim", "Patel", "Brown", "Wilson", "Martin", "Lefèvre", "Silva", "Jensen", "Novak",
        "MacDonald", "D'Angelo", "van der Berg", "WHITE", "  Taylor ", "Clark", "Lewis", "Walker", "Hall",
    ];

    private static readonly string[] Domains = ["example.com", "Example.org", "EXAMPLE.NET", "mail.example.com", "example.co.uk"];

    public static AudienceUser[] Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var users = new AudienceUser[count];
        for (var i = 0; i < count; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var (countryValue, phone, postal) = random.Next(100) switch
            {
                < 50 => (Pick(random, "US", "USA", "United States", "us"), UsPhone(random), UsZip(random)),
                < 70 => (Pick(random, "GB", "UK", "gbr", "United Kingdom"), UkPhone(random), UkPostcode(random)),
                < 80 => ("CA", CaPhone(random), CaPostcode(random)),
                < 85 => ("FR", Pick(random, $"+33 6 12 34 {random.Next(10, 99)} {random.Next(10, 99)}", $"06 12 34 {random.Next(10, 99)} {random.Next(10, 99)}"), random.Next(10000, 96000).ToString("D5", CultureInfo.InvariantCulture)),
                < 90 => ("DE", Pick(random, $"+49 30 {random.Next(1000000, 9999999)}", $"030 {random.Next(1000000, 9999999)}"), random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture)),
                _ => ((string?)null, $"+1 {random.Next(201, 989)} 555 01{random.Next(0, 100):D2}", (string?)null),
            };

            users[i] = new AudienceUser
            {
                EdgeTagId = random.Next(10) < 7 ? $"edge-{i:D6}" : null,
                Email = random.Next(100) < 92 ? Email(random, first, last, i) : null,
                Phone = random.Next(100) switch
                {
                    < 5 => null,
                    < 9 => Pick(random, "n/a", "000", "+0000000000", "12345"),
                    _ => phone,
                },
                FirstName = random.Next(100) < 90 ? first : null,
                LastName = random.Next(100) < 90 ? last : null,
                Country = countryValue,
                PostalCode = random.Next(100) < 85 ? postal : null,
                Purchase = random.Next(4) == 0 ? new PurchaseData { Currency = "USD", Profit = random.Next(0, 50_000) / 100m } : null,
            };
        }

        return users;
    }

    private static string Email(Random random, string first, string last, int i)
    {
        var local = $"{first.Trim()}.{last.Trim()}{i}".Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
        var domain = Domains[random.Next(Domains.Length)];
        return random.Next(4) == 0 ? $" {local}@{domain} " : $"{local}@{domain}".ToLowerInvariant();
    }

    private static string UsPhone(Random random)
    {
        var area = random.Next(201, 989);
        var line = random.Next(0, 100);
        return random.Next(5) switch
        {
            0 => $"+1{area}55501{line:D2}",
            1 => $"({area}) 555-01{line:D2}",
            2 => $"{area}.555.01{line:D2}",
            3 => $"1-{area}-555-01{line:D2}",
            _ => $"+1 {area} 555 01{line:D2}",
        };
    }

    private static string UkPhone(Random random)
    {
        var line = random.Next(0, 1000);
        return random.Next(5) switch
        {
            0 => $"+44 20 7946 0{line:D3}",
            1 => $"020 7946 0{line:D3}",
            2 => $"0044 20 7946 0{line:D3}",
            3 => $"07700 900{line:D3}",
            _ => $"+447700900{line:D3}",
        };
    }

    private static string CaPhone(Random random)
    {
        var line = random.Next(0, 100);
        return random.Next(2) == 0 ? $"+1 416 555 01{line:D2}" : $"(613) 555-01{line:D2}";
    }

    private static string UsZip(Random random)
    {
        var zip = random.Next(501, 99950);
        return random.Next(3) == 0 ? $"{zip:D5}-{random.Next(1, 9999):D4}" : zip.ToString("D5", CultureInfo.InvariantCulture);
    }

    private static string UkPostcode(Random random) =>
        $"{Pick(random, "SW1A", "EC1A", "W1A", "M1", "B33", "CR2", "LS1", "EH1")} {random.Next(1, 9)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}";

    private static string CaPostcode(Random random) =>
        $"{Pick(random, "K1A", "M5V", "H2X", "V6B", "T2P")} {random.Next(0, 9)}{(char)('A' + random.Next(26))}{random.Next(0, 9)}";

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];
}
