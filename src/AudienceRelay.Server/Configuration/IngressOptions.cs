using System.ComponentModel.DataAnnotations;

namespace AudienceRelay.Server;

/// <summary>Limits of <c>POST /audience</c> (section <c>Ingress</c>).</summary>
public sealed class IngressOptions
{
    /// <summary>Largest accepted request body; larger is a 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Most users in one batch; more is a 413.</summary>
    [Range(1, 10_000_000)]
    public int MaxUsersPerBatch { get; set; } = 200_000;

    /// <summary>
    /// Most uploads read, parsed and stored at once; one more is a 503 with <c>Retry-After</c>. Each
    /// upload in flight holds its body and its payload in memory, so this bounds ingress memory.
    /// Default: two per processor core, at least four.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxConcurrentUploads { get; set; } = Math.Max(4, 2 * Environment.ProcessorCount);
}
