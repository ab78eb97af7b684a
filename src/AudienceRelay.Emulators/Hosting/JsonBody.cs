using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace AudienceRelay.Emulators.Hosting;

/// <summary>
/// Reads a request body as a <see cref="JsonNode"/> straight from the stream, through pooled buffers. Parsing it with
/// <c>JsonNode.Parse</c> first copies the whole body and its token index into arrays of their own (several MB each for a
/// batch of 10,000 users, on the large object heap, kept until the next full collection), for every batch of every
/// emulator of the sandbox (docs/benchmarks.md, Memory in the sandbox, says what that changed and what it did not).
/// The rules are the same: strict JSON, depth at most 64, a property name twice in one object is an error.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonTypeInfo<JsonNode?> Node = (JsonTypeInfo<JsonNode?>)new JsonSerializerOptions
    {
        AllowDuplicateProperties = false,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    }.GetTypeInfo(typeof(JsonNode));

    /// <summary>The body's JSON value (null for the literal null); <see cref="JsonException"/> when it is not valid JSON.</summary>
    public static async ValueTask<JsonNode?> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(body, Node, cancellationToken);
        }
        catch (ArgumentException)
        {
            throw DuplicateName();
        }
    }

    /// <summary>The same for a body already read.</summary>
    public static JsonNode? Read(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, Node);
        }
        catch (ArgumentException)
        {
            throw DuplicateName();
        }
    }

    /// <summary>
    /// Building a <see cref="JsonObject"/> reports a name seen twice as an <see cref="ArgumentException"/> (from adding the
    /// key again); it is the body that is wrong, so it becomes the <see cref="JsonException"/> every caller answers with a 400.
    /// The name is left out: it comes from the request.
    /// </summary>
    private static JsonException DuplicateName() => new("A property name appears twice in one JSON object.");
}
