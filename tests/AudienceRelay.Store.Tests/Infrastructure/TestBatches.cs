using System.Text;
using AudienceRelay.Core.Contract;
using AudienceRelay.Store.Queue;

namespace AudienceRelay.Store.Tests.Infrastructure;

/// <summary>Batches as the server would hand them to the store, with a recognizable plaintext payload.</summary>
internal static class TestBatches
{
    public const string Marker = "ada.lovelace@example.com";

    public static NewBatch Create(
        long sessionId,
        long sequence,
        DateTimeOffset now,
        int totalBatches = 3,
        string[]? instances = null,
        string name = "shoppers",
        AudienceType type = AudienceType.Custom,
        bool disablePrefix = false,
        string? hash = null) => new()
        {
            Name = name,
            AudienceName = disablePrefix ? name : "blotout_" + name,
            Type = type,
            DisablePrefix = disablePrefix,
            Batch = new BatchInfo(sessionId, sequence, totalBatches, 100, null),
            ContentHash = hash ?? $"hash-{sessionId}-{sequence}",
            UserCount = 2,
            SkippedCount = 1,
            SkippedReasons = new Dictionary<string, int> { ["no_identifier"] = 1 },
            Payload = Payload(sessionId, sequence),
            Instances = instances ?? ["meta"],
            Now = now,
        };

    public static byte[] Payload(long sessionId, long sequence) =>
        Encoding.UTF8.GetBytes($$"""[{"email":"{{Marker}}","session":{{sessionId}},"sequence":{{sequence}}}]""");
}
