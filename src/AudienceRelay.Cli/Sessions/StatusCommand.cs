using System.CommandLine;
using System.Text.Json;
using AudienceRelay.Client;

namespace AudienceRelay.Cli.Sessions;

/// <summary>Declares <c>audience-relay status SESSION_ID</c>: the session's batches and each provider's delivery.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error, CliServices services, bool interactive)
    {
        var sessionId = new Argument<long>("session-id") { Description = "The session id an upload printed." };
        var url = ServerConnection.CreateUrlOption();
        var apiKey = ServerConnection.CreateApiKeyOption();
        var json = new Option<bool>("--json") { Description = "Print the server's answer as JSON instead of a table." };
        var command = new Command("status", "Show an upload session: its batches and, per provider, the state of each delivery.")
        {
            sessionId, url, apiKey, json,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(sessionId);
            using var http = ServerConnection.CreateHttpClient(parse.GetRequiredValue(url), services, TimeSpan.FromSeconds(100));
            var client = new AudienceRelayClient(http, ServerConnection.ResolveApiKey(parse.GetValue(apiKey), services));

            SessionStatusDto? session;
            try
            {
                session = await client.GetSessionAsync(id, cancellationToken);
            }
            catch (AudienceRelayException failure)
            {
                error.WriteLine($"error: {failure.Message}");
                return ExitCodes.UploadFailed;
            }
            catch (HttpRequestException failure)
            {
                error.WriteLine($"error: cannot reach the server ({failure.HttpRequestError}): {failure.Message}");
                return ExitCodes.UploadFailed;
            }

            if (session is null)
            {
                error.WriteLine($"error: the server knows no session {id}.");
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(session, CliJsonContext.Default.SessionStatusDto));
            }
            else
            {
                StatusTable.Write(output, session, interactive);
            }

            return ExitCodes.Ok;
        });

        return command;
    }
}
