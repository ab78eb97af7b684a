using AudienceRelay.Server.Auth;
using AudienceRelay.Server.Delivery;
using AudienceRelay.Server.Errors;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Uploads;

/// <summary><c>POST /audience</c>: the seed's contract.</summary>
internal static class UploadEndpoints
{
    public static IEndpointRouteBuilder MapUploads(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/audience", UploadAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .DisableAntiforgery()
            .WithName("UploadAudience");
        return routes;
    }

    private static async Task<IResult> UploadAsync(
        HttpContext context,
        BatchIntake intake,
        SyncWaiter waiter,
        UploadGate gate,
        ProviderRegistry providers,
        IOptions<IngressOptions> ingress,
        IOptions<SandboxOptions> sandbox,
        ILogger<BatchIntake> logger,
        CancellationToken cancellationToken)
    {
        if (providers.Instances.Count == 0)
        {
            // Stored batches would have nowhere to go and would never be purged.
            UploadLog.Rejected(logger, StatusCodes.Status503ServiceUnavailable, 1, "server");
            return ApiProblem.Create(StatusCodes.Status503ServiceUnavailable,
                "server: no provider instance is configured (Providers__<instance>__Type), so an upload would have nowhere to go; nothing was stored.");
        }

        using var slot = gate.TryEnter();
        if (slot is null)
        {
            UploadLog.Busy(logger, gate.Limit);
            context.Response.Headers.RetryAfter = "2";
            return ApiProblem.Create(StatusCodes.Status503ServiceUnavailable,
                $"server: {gate.Limit} uploads are already being received (Ingress:MaxConcurrentUploads); nothing was stored, send this one again after the Retry-After delay.");
        }

        AcceptOutcome outcome;
        UploadQuery query;
        try
        {
            query = UploadQuery.Parse(context.Request.Query);
            var upload = await MultipartUploadReader.ReadAsync(context.Request, ingress.Value, cancellationToken);
            slot.Holds(upload.Users?.Length ?? 0);
            (outcome, _) = await intake.AcceptAsync(upload, query, cancellationToken);
        }
        catch (UploadRejection rejection)
        {
            UploadLog.Rejected(logger, rejection.Status, rejection.Errors);
            return ApiProblem.Create(rejection.Status, rejection.Errors);
        }
        finally
        {
            // A sync answer may wait for deliveries; that holds no batch in memory, so the slot is free again.
            slot.Dispose();
        }

        switch (outcome)
        {
            case AcceptOutcome.Conflict conflict:
                UploadLog.Rejected(logger, StatusCodes.Status409Conflict, 1, conflict.Field);
                return ApiProblem.Create(StatusCodes.Status409Conflict, conflict.Message);
            case AcceptOutcome.OutOfRange range:
                UploadLog.Rejected(logger, StatusCodes.Status400BadRequest, 1, "batch.sequence");
                return ApiProblem.Create(StatusCodes.Status400BadRequest, range.Message);
        }

        var (stored, duplicate) = outcome switch
        {
            AcceptOutcome.Stored s => (s.Batch, false),
            AcceptOutcome.Duplicate d => (d.Batch, true),
            _ => throw new InvalidOperationException("Unexpected accept outcome."),
        };
        UploadLog.Accepted(logger, stored.SessionId, stored.Sequence, stored.UserCount, stored.SkippedCount, duplicate);
        var answer = new UploadAnswer
        {
            Success = true,
            SessionId = stored.SessionId,
            Sequence = stored.Sequence,
            Accepted = stored.UserCount,
            Skipped = stored.SkippedCount,
            SkippedReasons = stored.SkippedReasons,
            Duplicate = duplicate,
            Sandbox = sandbox.Value.Enabled ? "This server runs in sandbox mode: deliveries go to local platform emulators, not to real platforms." : null,
        };
        return query.Sync
            ? await waiter.AnswerAsync(answer, stored.BatchId, cancellationToken)
            : Results.Json(answer, ApiJsonContext.Default.UploadAnswer);
    }
}
