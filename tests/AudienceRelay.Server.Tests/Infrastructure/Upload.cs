using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AudienceRelay.Server.Tests.Infrastructure;

/// <summary>Builds multipart uploads the way clients send them (users as a plain field or as a file part).</summary>
public static class Upload
{
    public static string Batch(long sessionId, long sequence = 1, int totalBatches = 1, long totalUsers = 1, string? pullDate = null)
    {
        var batch = new JsonObject { ["sessionId"] = sessionId, ["sequence"] = sequence, ["totalBatches"] = totalBatches, ["totalUsers"] = totalUsers };
        if (pullDate is not null)
        {
            batch["pullDate"] = pullDate;
        }

        return batch.ToJsonString();
    }

    public static string Users(params object[] users) => JsonSerializer.Serialize(users);

    public static MultipartFormDataContent Form(string? name, string? type, string? batch, string? users, bool usersAsFile = false)
    {
        var form = new MultipartFormDataContent();
        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }

        if (type is not null)
        {
            form.Add(new StringContent(type), "type");
        }

        if (batch is not null)
        {
            form.Add(new StringContent(batch), "batch");
        }

        if (users is not null)
        {
            if (usersAsFile)
            {
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes(users));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                form.Add(file, "users", "users.json");
            }
            else
            {
                form.Add(new StringContent(users), "users");
            }
        }

        return form;
    }

    public static async Task<(int Status, JsonElement Body, string MediaType)> PostAsync(HttpClient http, HttpContent content, string query = "", string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/audience" + query) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType ?? string.Empty);
    }

    public static object User(string email, string? phone = null, string? country = "US") =>
        new { email, phone, firstName = "Test", lastName = "User", country, postalCode = "10001" };

    public static IEnumerable<string> Errors(JsonElement body) =>
        body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!);
}
