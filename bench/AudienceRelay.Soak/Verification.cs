using System.Security.Cryptography;
using System.Text;
using AudienceRelay.Emulators.Klaviyo;
using AudienceRelay.Emulators.Meta;
using AudienceRelay.Emulators.TikTok;

namespace AudienceRelay.Soak;

/// <summary>
/// Compares what each emulated platform holds with what the service accepted: every accepted user of a custom
/// audience is there, each audience exists once, and a primary audience holds exactly its newest complete list.
/// </summary>
internal sealed class Verification(MetaEmulator meta, TikTokEmulator tiktok, KlaviyoEmulator klaviyo, Workload workload)
{
    public List<string> Problems { get; } = [];

    public List<string> Lines { get; } = [];

    public void Run()
    {
        foreach (var (name, bag) in workload.Custom.OrderBy(p => p.Key))
        {
            Check(name, bag.Distinct().ToList(), exact: false);
        }

        foreach (var (name, list) in workload.Primary.OrderBy(p => p.Key))
        {
            Check(name, list, exact: true);
        }
    }

    private void Check(string name, IReadOnlyList<string> expected, bool exact)
    {
        var audienceName = "blotout_" + name;
        var hashes = expected.Select(Sha256).ToHashSet(StringComparer.Ordinal);

        var metaAudiences = meta.Audiences(MetaEmulator.SandboxAdAccountId).Where(a => a.Name == audienceName).ToList();
        Compare("meta", name, metaAudiences.Count, metaAudiences.Count == 1 ? meta.MemberEmails(metaAudiences[0].Id) : null, hashes, exact);

        var tiktokAudiences = tiktok.Audiences(tiktok.Options.SandboxAdvertiserId).Where(a => a.Name == audienceName).ToList();
        Compare("tiktok", name, tiktokAudiences.Count, tiktokAudiences.Count == 1 ? tiktok.Members(tiktokAudiences[0].AudienceId, "EMAIL_SHA256") : null, hashes, exact);

        var lists = klaviyo.Lists().Where(l => l.Name == audienceName).ToList();
        var klaviyoMembers = lists.Count == 1
            ? klaviyo.ListMembers(lists[0].Id).Where(p => p.Email is not null).Select(p => Sha256(p.Email!)).ToHashSet(StringComparer.Ordinal)
            : null;
        Compare("klaviyo", name, lists.Count, klaviyoMembers, hashes, exact);
    }

    private void Compare(string platform, string name, int audiences, IReadOnlySet<string>? held, HashSet<string> expected, bool exact)
    {
        if (audiences != 1 || held is null)
        {
            Problems.Add($"{platform} {name}: {audiences} audiences of that name (expected exactly 1)");
            return;
        }

        var missing = expected.Count(h => !held.Contains(h));
        var extra = exact ? held.Count(h => !expected.Contains(h)) : 0;
        Lines.Add($"{platform,-8} {name,-18} expected {expected.Count,6}  held {held.Count,6}  missing {missing,5}{(exact ? $"  extra {extra,5}" : string.Empty)}");
        if (missing > 0 || extra > 0)
        {
            Problems.Add($"{platform} {name}: {missing} accepted users missing, {extra} users that left still held");
        }
    }

    private static string Sha256(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
}
