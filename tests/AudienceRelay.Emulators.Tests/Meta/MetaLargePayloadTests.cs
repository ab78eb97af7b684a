using System.Text;
using static AudienceRelay.Emulators.Tests.Meta.MetaTestEnvironment;

namespace AudienceRelay.Emulators.Tests.Meta;

public sealed class MetaLargePayloadTests
{
    private static readonly string[] FullSchema =
        ["EXTERN_ID", "EMAIL", "PHONE", "GEN", "DOBY", "DOBM", "DOBD", "LN", "FN", "FI", "CT", "ST", "ZIP", "MADID", "COUNTRY"];

    [Fact]
    public async Task Ten_thousand_rows_pass_and_ten_thousand_and_one_are_rejected()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("big");

        using var ok = await env.UploadAsync(id, "users", ExternIdRows(10_000));
        using var okBody = await ReadAsync(ok);
        Assert.Equal(10_000, okBody.RootElement.GetProperty("num_received").GetInt32());

        using var tooMany = await env.UploadAsync(id, "users", ExternIdRows(10_001));
        var error = await ReadErrorAsync(tooMany, 100);
        Assert.Contains("10000", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(10_000, env.Emulator.Members(id).Count);
    }

    [Fact]
    public async Task A_full_width_form_encoded_batch_of_ten_thousand_rows_is_accepted()
    {
        await using var env = await StartAsync();
        var id = await env.CreateAudienceAsync("wide");
        var email = Sha("someone@example.com");
        var payload = new StringBuilder("{\"schema\":[").AppendJoin(',', FullSchema.Select(k => $"\"{k}\"")).Append("],\"data\":[");
        for (var i = 0; i < 10_000; i++)
        {
            // Every hashed column is filled so the body is as large as a real full-width batch.
            var cells = FullSchema.Select(k => k switch
            {
                "EXTERN_ID" => $"\"edge-{i}\"",
                "MADID" => "\"\"",
                "EMAIL" => $"\"{Sha($"user{i}@example.com")}\"",
                _ => $"\"{email}\"",
            });
            payload.Append(i == 0 ? "" : ",").Append('[').AppendJoin(',', cells).Append(']');
        }

        payload.Append("]}");
        using var response = await env.PostFormAsync($"{id}/users", ("access_token", Token), ("payload", payload.ToString()));
        using var body = await ReadAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, body.RootElement.GetProperty("num_invalid_entries").GetInt32());
        Assert.Equal(10_000, env.Emulator.MemberEmails(id).Count);
    }

    private static string ExternIdRows(int count)
    {
        var builder = new StringBuilder("""{"schema":["EXTERN_ID"],"data":[""");
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append("[\"id-").Append(i).Append("\"]");
        }

        return builder.Append("]}").ToString();
    }
}
