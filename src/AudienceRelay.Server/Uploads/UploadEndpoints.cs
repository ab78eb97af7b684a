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
        IOptions<IngressOptions> ingress,
        IOptions<SandboxOptions> sandbox,
        ILogger<BatchIntake> logger,
        CancellationToken cancellationToken)
    {
        AcceptOutcome outcome;
        UploadQuery query;
        try
        {
            query = UploadQuery.Parse(context.Request.Query);
            var upload = await MultipartUploadReader.ReadAsync(context.Request, ingress.Value, cancellationToken);
            (outcome, _) = await intake.AcceptAsync(upload, query, cancellationToken);
        }
        catch (UploadRejection rejection)
        {
            UploadLog.Rejected(logger, rejection.Status, rejection.Errors.Count);
            return ApiProblem.Create(rejection.Status, rejection.Errors);
        }

        switch (outcome)
        {
            case AcceptOutcome.Conflict conflict:
                UploadLog.Rejected(logger, StatusCodes.Status409Conflict, 1);
                return ApiProblem.Create(StatusCodes.Status409Conflict, conflict.Message);
            case AcceptOutcome.OutOfRange range:
                UploadLog.Rejected(logger, StatusCodes.Status400BadRequest, 1);
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
