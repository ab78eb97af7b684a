using System.Net;
using System.Text.Json.Serialization;

namespace AudienceRelay.Client;

/// <summary>
/// A successful answer of <c>POST /audience</c>: <c>200</c> (stored; with <c>sync=true</c> also delivered) or
/// <c>202</c> (<c>sync=true</c> whose timeout ran out: <see cref="Pending"/> goes on in the background).
/// </summary>
public sealed record UploadResult
{
    public bool Success { get; init; }
    public long SessionId { get; init; }
    public int Sequence { get; init; }
    public int Accepted { get; init; }
    public int Skipped { get; init; }
    public IReadOnlyDictionary<string, int> SkippedReasons { get; init => field = value ?? new Dictionary<string, int>(); } = new Dictionary<string, int>();

    /// <summary>The server had already received this batch: nothing new was stored or delivered.</summary>
    public bool Duplicate { get; init; }

    public IReadOnlyList<ProviderResult> Results { get; init => field = value ?? []; } = [];
    public IReadOnlyList<PendingDelivery> Pending { get; init => field = value ?? []; } = [];
    public string? StatusUrl { get; init; }

    [JsonIgnore]
    public HttpStatusCode StatusCode { get; init; } = HttpStatusCode.OK;

    /// <summary>The sync timeout ran out before every provider finished (HTTP 202).</summary>
    [JsonIgnore]
    public bool IsPending => StatusCode == HttpStatusCode.Accepted;
}
