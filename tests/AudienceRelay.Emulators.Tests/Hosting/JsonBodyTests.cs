using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Tests.Hosting;

/// <summary>Request bodies read from the stream keep the rules of a strict JSON parse.</summary>
public sealed class JsonBodyTests
{
    [Fact]
    public async Task A_body_is_read_whole_from_the_stream_and_from_bytes_alike()
    {
        var json = """{"users":[{"id":1,"name":"Zoë"},{"id":2,"tags":["a","b"]}],"ok":true}""";

        var fromStream = await JsonBody.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);
        var fromBytes = JsonBody.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal(json, fromStream!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.True(JsonNode.DeepEquals(fromStream, fromBytes));
        Assert.Equal("Zoë", fromStream["users"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.True, fromStream["ok"]!.GetValueKind());
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"outer":{"b":1,"b":1}}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1} {"b":2}""")]
    [InlineData("{\"a\":1 // comment\n}")]
    [InlineData("")]
    [InlineData("{\"a\":")]
    public async Task Duplicate_names_trailing_commas_comments_and_broken_json_are_refused(string json)
    {
        await Assert.ThrowsAnyAsync<JsonException>(async () => await JsonBody.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None));
        Assert.ThrowsAny<JsonException>(() => JsonBody.Read(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public async Task Nesting_deeper_than_64_is_refused_and_null_reads_as_null()
    {
        var deep = new string('[', 65) + new string(']', 65);

        await Assert.ThrowsAnyAsync<JsonException>(async () => await JsonBody.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(deep)), CancellationToken.None));
        Assert.Null(JsonBody.Read("null"u8));
        Assert.NotNull(JsonBody.Read(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64))));
    }
}
