using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// What happens to each user as the parser hands it over, so that the batch never exists as a list
/// of objects: the user is hashed into the content hash, checked, normalized once, and (when usable)
/// written straight into the JSON payload that is stored. Skipped users are counted by reason.
/// </summary>
internal sealed class UsersPass : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly Utf8JsonWriter _scratchWriter;
    private readonly ChunkedBytes _payload = new();
    private readonly Utf8JsonWriter _payloadWriter;
    private bool _first = true;

    public UsersPass(string name, AudienceType type, bool disablePrefix, BatchInfo batch)
    {
        _scratchWriter = new Utf8JsonWriter(_scratch);
        _payloadWriter = new Utf8JsonWriter(_payload);
        _payloadWriter.WriteStartArray();
        _hash.AppendData(Encoding.UTF8.GetBytes($"{name}\n{type}\n{disablePrefix}\n{batch.SessionId}\n{batch.Sequence}\n{batch.TotalBatches}\n{batch.TotalUsers}\n{batch.PullDate:yyyy-MM-dd}\n["));
    }

    public int Usable { get; private set; }

    public Dictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);

    public void Add(ParsedUser parsed)
    {
        // The content hash covers every user as parsed (not as encoded: whitespace, key order and a
        // number sent as text do not change it), plus the reason a broken user is skipped.
        _scratch.ResetWrittenCount();
        _scratchWriter.Reset();
        JsonSerializer.Serialize(_scratchWriter, parsed.User, ApiJsonContext.Default.AudienceUser);
        if (!_first)
        {
            _hash.AppendData(","u8);
        }

        _first = false;
        _hash.AppendData(_scratch.WrittenSpan);
        var reason = parsed.SkipReason;
        if (reason is not null)
        {
            _hash.AppendData(Encoding.UTF8.GetBytes("!" + reason));
        }
        else if (!IdentityNormalizer.Normalize(parsed.User).IsUsable)
        {
            reason = "noIdentifier";
        }

        if (reason is not null)
        {
            Reasons[reason] = Reasons.GetValueOrDefault(reason) + 1;
            return;
        }

        Usable++;
        _payloadWriter.WriteRawValue(_scratch.WrittenSpan, skipInputValidation: true);
    }

    public void Dispose()
    {
        _hash.Dispose();
        _scratchWriter.Dispose();
        _payloadWriter.Dispose();
    }

    public string ContentHash()
    {
        _hash.AppendData("]"u8);
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <summary>
    /// The usable users as one JSON array, the format the deliveries read: written in chunks as the users came, and
    /// copied once into an array of its exact size.
    /// </summary>
    public byte[] Payload()
    {
        _payloadWriter.WriteEndArray();
        _payloadWriter.Flush();
        return _payload.ToArray();
    }
}
