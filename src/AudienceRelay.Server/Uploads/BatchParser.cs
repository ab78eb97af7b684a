using System.Globalization;
using System.Text.Json;
using AudienceRelay.Core.Contract;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// Parses the <c>batch</c> field as ARCHITECTURE.md makes it precise: <c>sessionId</c> integer,
/// <c>sequence</c> integer ≥ 0, <c>totalBatches</c> integer ≥ 1, <c>totalUsers</c> integer ≥ 0,
/// optional <c>pullDate</c> a real <c>YYYY-MM-DD</c> date. Every problem is reported, each naming its field.
/// </summary>
internal static class BatchParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static BatchInfo Parse(byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, "batch: not valid JSON; expected an object with sessionId, sequence, totalBatches and totalUsers.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new UploadRejection(StatusCodes.Status400BadRequest, "batch: must be a JSON object with sessionId, sequence, totalBatches and totalUsers.");
            }

            var errors = new List<string>();
            var sessionId = Integer(root, "sessionId", 0, errors);
            var sequence = Integer(root, "sequence", 0, errors);
            var totalBatches = Integer(root, "totalBatches", 1, errors);
            var totalUsers = Integer(root, "totalUsers", 0, errors);
            var pullDate = PullDate(root, errors);
            if (totalBatches > int.MaxValue)
            {
                errors.Add("batch.totalBatches: is too large.");
            }

            if (errors.Count == 0 && sequence > totalBatches)
            {
                errors.Add($"batch.sequence: {sequence} is greater than totalBatches ({totalBatches}); sequences start at 0 or 1.");
            }

            return errors.Count > 0
                ? throw new UploadRejection(StatusCodes.Status400BadRequest, errors)
                : new BatchInfo(sessionId, sequence, (int)totalBatches, totalUsers, pullDate);
        }
    }

    private static long Integer(JsonElement root, string name, long minimum, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add($"batch.{name}: is required.");
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            errors.Add($"batch.{name}: must be an integer.");
            return 0;
        }

        if (number < minimum)
        {
            errors.Add($"batch.{name}: must be at least {minimum}.");
        }

        return number;
    }

    private static DateOnly? PullDate(JsonElement root, List<string> errors)
    {
        if (!root.TryGetProperty("pullDate", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add("batch.pullDate: must be a date written YYYY-MM-DD.");
        return null;
    }
}
