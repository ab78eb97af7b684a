using System.Buffers;
using System.Text.Json;
using AudienceRelay.Server.Uploads;

namespace AudienceRelay.Server.Tests.Uploads;

/// <summary>The chunked buffer that holds an upload's part as read and the payload as written gives back exactly the bytes written.</summary>
public sealed class ChunkedBytesTests
{
    [Fact]
    public void Json_written_across_many_chunks_and_one_value_larger_than_a_chunk_comes_back_whole()
    {
        var bytes = new ChunkedBytes();
        var expected = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(bytes))
        using (var reference = new Utf8JsonWriter(expected))
        {
            writer.WriteStartArray();
            reference.WriteStartArray();
            for (var i = 0; i < 5_000; i++)
            {
                // Mostly small values, and one of 200 KB: longer than a 64 KiB chunk.
                var value = i == 2_500 ? new string('x', 200_000) : $"user.{i}@example.com";
                writer.WriteStringValue(value);
                reference.WriteStringValue(value);
            }

            writer.WriteEndArray();
            reference.WriteEndArray();
        }

        Assert.Equal(expected.WrittenCount, bytes.Length);
        Assert.Equal(expected.WrittenSpan.ToArray(), bytes.ToArray());
        Assert.Equal(5_000, JsonSerializer.Deserialize<string[]>(bytes.ToArray())!.Length);
    }

    [Fact]
    public void Nothing_written_is_an_empty_array()
    {
        var bytes = new ChunkedBytes();
        Assert.Empty(bytes.ToArray());
        Assert.Equal(0, bytes.Length);
    }

    [Fact]
    public void Advancing_past_the_space_handed_out_is_refused()
    {
        IBufferWriter<byte> bytes = new ChunkedBytes();
        var free = bytes.GetMemory(10).Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => bytes.Advance(free + 1));
    }
}
