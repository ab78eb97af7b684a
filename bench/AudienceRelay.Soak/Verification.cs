using System.Security.Cryptography;
using System.Text;

namespace AudienceRelay.Soak;

/// <summary>
/// Compares what each platform holds (from its own state) with what the service accepted and says it delivered:
/// every user of a custom batch whose delivery there succeeded is there, each audience exists once, and a primary
/// audience holds exactly its newest complete list where the platform replaces primary audiences (at a webhook, every
/// user of it arrived). A primary audience with a delivery still open at the instance is reported, not judged.
/// </summary>
/// <param name="settled">The last lists were posted once everything earlier had drained. When not, a superseded session
/// may still add members after the last list completed, which docs/delivery.md allows until the next primary session:
/// the primary audiences are then checked for missing members only.</param>
internal sealed class Verification(IReadOnlyList<SoakPlatform> platforms, Workload workload, DeliveryFacts facts, bool settled)
{
    public List<string> Problems { get; } = [];

    public List<string> Lines { get; } = [];

    /// <summary>Checks that could not be made because deliveries were still open.</summary>
    public int Undecided { get; private set; }

    public void Run()
    {
        foreach (var platform in platforms)
        {
            foreach (var batches in workload.CustomBatches.GroupBy(p => p.Value.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var delivered = batches.Where(b => facts.Succeeded.Contains((platform.Instance, b.Key.Session, b.Key.Sequence))).SelectMany(b => b.Value.Emails).ToList();
                var open = batches.Where(b => !facts.Succeeded.Contains((platform.Instance, b.Key.Session, b.Key.Sequence))).Sum(b => b.Value.Emails.Count);
                Check(platform, batches.Key, delivered, exact: false, open > 0 ? $"  not yet delivered {open}" : string.Empty);
            }

            foreach (var (name, (session, list)) in workload.Primary.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (facts.Open.Contains((platform.Instance, "blotout_" + name)) || !facts.SessionSucceeded.GetValueOrDefault((platform.Instance, session)))
                {
                    Undecided++;
                    Lines.Add($"{platform.Instance,-9} {name,-16} deliveries still open: not judged");
                    continue;
                }

                Check(platform, name, list, exact: platform.ReplacesPrimary && settled, settled ? string.Empty : "  (posted before the earlier lists drained: extras not judged)");
            }
        }
    }

    /// <summary>Lower-hex SHA-256 of a normalized email, as the platforms hold it.</summary>
    public static string Sha256(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    private void Check(SoakPlatform platform, string name, IReadOnlyList<string> expected, bool exact, string note)
    {
        var audiences = platform.Audiences("blotout_" + name);
        if (audiences.Count > 1 || (audiences.Count == 0 && expected.Count > 0))
        {
            Problems.Add($"{platform.Instance} {name}: {audiences.Count} audiences of that name (expected exactly 1)");
            return;
        }

        var held = audiences.Count == 1 ? audiences[0] : new HashSet<string>();
        var hashes = expected.Select(Sha256).ToHashSet(StringComparer.Ordinal);
        var missing = hashes.Count(h => !held.Contains(h));
        var extra = exact ? held.Count(h => !hashes.Contains(h)) : 0;
        Lines.Add($"{platform.Instance,-9} {name,-16} expected {hashes.Count,6}  held {held.Count,6}  missing {missing,5}{(exact ? $"  extra {extra,5}" : string.Empty)}{note}");
        if (missing > 0 || extra > 0)
        {
            Problems.Add($"{platform.Instance} {name}: {missing} delivered users missing, {extra} users that left still held");
        }
    }
}
