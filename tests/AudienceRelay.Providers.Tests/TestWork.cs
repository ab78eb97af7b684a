using System.Security.Cryptography;
using System.Text;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.Tests;

/// <summary>What every platform's fixture hands a provider: one batch of work, and the plain SHA-256 its checks compare with.</summary>
internal static class TestWork
{
    /// <summary>One single-batch delivery of <paramref name="users"/> to <paramref name="audienceId"/>, normalized as the engine does.</summary>
    public static DeliveryWork For(string audienceId, IReadOnlyList<AudienceUser> users, IDeliverySession? session, AudienceType type, string audienceName = "test") => new()
    {
        AudienceId = audienceId,
        AudienceName = audienceName,
        Type = type,
        Batch = new BatchInfo(1, 1, 1, users.Count, null),
        Users = users,
        Keys = [.. users.Select(IdentityNormalizer.Normalize)],
        Hashes = new HashCache(),
        Session = session ?? new FakeSession(),
        Attempt = 1,
    };

    /// <summary>Users with only an email, <c>name@example.com</c>.</summary>
    public static AudienceUser[] Emails(params string[] names) => [.. names.Select(n => new AudienceUser { Email = n + "@example.com" })];

    /// <summary>The SHA-256 of each <c>name@example.com</c>, as a platform holds it.</summary>
    public static HashSet<string> EmailHashes(params string[] names) => [.. names.Select(n => Sha256(n + "@example.com"))];

    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
