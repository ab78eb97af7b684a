using System.Globalization;
using System.Text.Json;
using AudienceRelay.Core.Contract;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// Parses the <c>batch</c> field as ARCHITECTURE.md makes it precise: <c>sessionId</c> integer,
/// <c>sequence</c> integer ≥ 0, <c>totalBatches</c> integer from 1 to <see cref="MaxTotalBatches"/>,
/// <c>totalUsers</c> integer from 0 to <see cref="MaxTotalUsers"/>, optional <c>pullDate</c> a real
/// <c>YYYY-MM-DD</c> date. A key given twice is an error (no silent last-wins), and so is a value that
/// is not valid Unicode. Every problem is reported, each naming its field.
/// </summary>
internal static class BatchParser
{
    /// <summary>One session of at most a million batches: at the default batch size, far beyond any platform's audience.</summary>
    public const long MaxTotalBatches = 1_000_000;

    /// <summary>The largest audience a session may announce (a billion users).</summary>
    public const long MaxTotalUsers = 1_000_000_000;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    public static BatchInfo Parse(byte[] json)
    {
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        var errors = new List<string>();
        try
        {
            Read(json, fields, errors);
        }
        catch (JsonException)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, "batch: not valid JSON; expected an object with sessionId, sequence, totalBatches and totalUsers.");
        }

        var sessionId = Integer(fields, "sessionId", 0, long.MaxValue, errors);
        var sequence = Integer(fields, "sequence", 0, long.MaxValue, errors);
        var totalBatches = Integer(fields, "totalBatches", 1, MaxTotalBatches, errors);
        var totalUsers = Integer(fields, "totalUsers", 0, MaxTotalUsers, errors);
        var pullDate = PullDate(fields, errors);
        if (errors.Count == 0 && sequence > totalBatches)
        {
            errors.Add($"batch.sequence: {sequence} is greater than totalBatches ({totalBatches}); sequences start at 0 or 1.");
        }

        return errors.Count > 0
            ? throw new UploadRejection(StatusCodes.Status400BadRequest, errors)
            : new BatchInfo(sessionId, sequence, (int)totalBatches, totalUsers, pullDate);
    }

    private static void Read(byte[] json, Dictionary<string, Field> fields, List<string> errors)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, "batch: must be a JSON object with sessionId, sequence, totalBatches and totalUsers.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key;
            try
            {
                key = reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new UploadRejection(StatusCodes.Status400BadRequest, "batch: a key is not valid Unicode (a lone surrogate escape or an invalid UTF-8 byte).");
            }

            reader.Read();
            var field = new Field(reader.TokenType, reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? Value(ref reader, key) : null);
            reader.Skip();
            if (!fields.TryAdd(key, field))
            {
                errors.Add($"batch.{Printable(key)}: the key appears more than once; give each key once.");
            }
        }

        if (reader.Read())
        {
            throw new JsonException("Content after the object.");
        }
    }

    private static string Value(ref Utf8JsonReader reader, string key)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        }

        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest, $"batch.{Printable(key)}: is not valid Unicode (a lone surrogate escape or an invalid UTF-8 byte).");
        }
    }

    /// <summary>A key is named in errors, so it is shortened and stripped of control characters first.</summary>
    private static string Printable(string key)
    {
        var clean = new string([.. key.Take(40).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c)]);
        return key.Length > 40 ? clean + "…" : clean;
    }

    private static long Integer(Dictionary<string, Field> fields, string name, long minimum, long maximum, List<string> errors)
    {
        if (!fields.TryGetValue(name, out var field) || field.Kind == JsonTokenType.Null)
        {
            errors.Add($"batch.{name}: is required.");
            return 0;
        }

        if (field.Kind != JsonTokenType.Number || !long.TryParse(field.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            errors.Add($"batch.{name}: must be an integer.");
            return 0;
        }

        if (number < minimum)
        {
            errors.Add($"batch.{name}: must be at least {minimum}.");
        }
        else if (number > maximum)
        {
            errors.Add($"batch.{name}: must be at most {maximum}.");
        }

        return number;
    }

    private static DateOnly? PullDate(Dictionary<string, Field> fields, List<string> errors)
    {
        if (!fields.TryGetValue("pullDate", out var field) || field.Kind == JsonTokenType.Null)
        {
            return null;
        }

        if (field.Kind == JsonTokenType.String
            && DateOnly.TryParseExact(field.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add("batch.pullDate: must be a date written YYYY-MM-DD.");
        return null;
    }

    private sealed record Field(JsonTokenType Kind, string? Text);
}
