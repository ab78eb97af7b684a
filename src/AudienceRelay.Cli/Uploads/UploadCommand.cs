using System.CommandLine;
using System.Globalization;
using AudienceRelay.Cli.Input;
using AudienceRelay.Client;

namespace AudienceRelay.Cli.Uploads;

/// <summary>Declares <c>audience-relay upload FILE --name NAME …</c>.</summary>
internal static class UploadCommand
{
    public static Command Create(TextWriter output, TextWriter error, CliServices services, bool interactive)
    {
        var file = new Argument<string>("file") { Description = "CSV file with a header row, or JSON Lines (.jsonl, .ndjson) with one user object per line." };
        var name = new Option<string?>("--name", "-n") { Description = "Audience name shown at the providers (required unless --resume)." };
        var type = new Option<string?>("--type") { Description = "custom (a segment: users are added; the default) or primary (the full customer list)." };
        type.AcceptOnlyFromAmong("custom", "primary");
        var batchSize = new Option<int?>("--batch-size") { HelpName = "users", Description = $"Users per request (default {UploadSettings.DefaultBatchSize:N0})." };
        var disablePrefix = new Option<bool>("--disable-prefix") { Description = "Use the name exactly, without the providers' blotout_ prefix." };
        var sync = new Option<bool>("--sync") { Description = "Wait for every provider on each batch and report their outcome." };
        var url = ServerConnection.CreateUrlOption();
        var apiKey = ServerConnection.CreateApiKeyOption();
        var map = new Option<string[]>("--map") { HelpName = "column=field", Description = "column=field: fill a user field from a column (or JSON property) of another name; field 'ignore' skips the column. Repeatable." };
        var strict = new Option<bool>("--strict") { Description = "Refuse the whole file (exit code 2) if any row is bad, instead of skipping bad rows." };
        var parallel = new Option<int>("--parallel") { HelpName = "batches", Description = "Batches in flight at once.", DefaultValueFactory = _ => 4 };
        var sessionId = new Option<long?>("--session-id") { HelpName = "id", Description = "Session id to use instead of a random one." };
        var resume = new Option<bool>("--resume") { Description = "Continue the interrupted upload of this file (same session, only the missing batches)." };
        var pullDate = new Option<string?>("--pull-date") { HelpName = "YYYY-MM-DD", Description = "Date the data was pulled, YYYY-MM-DD." };

        var command = new Command("upload", "Upload a file of users as one audience session, in batches.")
        {
            file, name, type, batchSize, disablePrefix, sync, url, apiKey, map, strict, parallel, sessionId, resume, pullDate,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new UploadSettings
            {
                File = parse.GetRequiredValue(file),
                Name = parse.GetValue(name),
                Type = parse.GetValue(type) switch
                {
                    "primary" => AudienceKind.Primary,
                    "custom" => AudienceKind.Custom,
                    _ => null,
                },
                BatchSize = parse.GetValue(batchSize),
                DisablePrefix = parse.GetValue(disablePrefix),
                Sync = parse.GetValue(sync),
                Url = parse.GetRequiredValue(url),
                ApiKey = ServerConnection.ResolveApiKey(parse.GetValue(apiKey), services),
                Mapping = ColumnMapping.Parse(parse.GetValue(map) ?? []),
                Strict = parse.GetValue(strict),
                Parallel = parse.GetValue(parallel),
                SessionId = parse.GetValue(sessionId),
                Resume = parse.GetValue(resume),
                PullDate = ParseDate(parse.GetValue(pullDate)),
            };

            try
            {
                return await new UploadRunner(output, error, services, interactive).RunAsync(settings, cancellationToken);
            }
            catch (InputException failure)
            {
                error.WriteLine($"error: {settings.File}: {failure.Message}");
                return ExitCodes.BadInput;
            }
        });

        return command;
    }

    private static DateOnly? ParseDate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"--pull-date '{text}' is not a date in YYYY-MM-DD format.");
    }
}
