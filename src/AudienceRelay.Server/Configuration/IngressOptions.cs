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
}
