using AudienceRelay.Core.Contract;
using AudienceRelay.Server.Delivery;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// Turns a read upload into a stored batch: validates every field, checks and normalizes each user
/// once as it is parsed (<see cref="UsersPass"/>), and stores the batch with one delivery per provider
/// instance in one transaction. Only usable users are kept, sealed, until their deliveries end.
/// </summary>
internal sealed class BatchIntake(IBatchStore store, ProviderRegistry providers, DeliverySignals signals, TimeProvider time, IOptions<IngressOptions> options)
{
    public const string Prefix = "blotout_";

    public async Task<(AcceptOutcome Outcome, BatchInfo Batch)> AcceptAsync(RawUpload upload, UploadQuery query, CancellationToken cancellationToken)
    {
        var (name, type) = ValidateFields(upload);
        var batch = BatchParser.Parse(upload.Batch!);
        using var users = new UsersPass(name, type, query.DisablePrefix, batch);
        var total = UsersParser.Parse(upload.Users!.AsSequence(), options.Value.MaxUsersPerBatch, users.Add);
        upload.Users = null; // the raw bytes are no longer needed while the batch is stored

        if (users.Usable == 0)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest,
                "users: no user has a usable identifier (a valid email, phone or edgeTagId); nothing would reach any platform.");
        }

        var newBatch = new NewBatch
        {
            Name = name,
            AudienceName = query.DisablePrefix ? name : Prefix + name,
            Type = type,
            DisablePrefix = query.DisablePrefix,
            Batch = batch,
            ContentHash = users.ContentHash(),
            UserCount = users.Usable,
            SkippedCount = total - users.Usable,
            SkippedReasons = users.Reasons,
            Payload = users.Payload(),
            Instances = providers.Instances,
            Now = time.GetUtcNow(),
        };
        var outcome = await store.AcceptBatchAsync(newBatch, cancellationToken);
        Observability.AudienceMetrics.UploadAccepted(outcome, users.Usable, users.Reasons);
        await Observability.AudienceTracing.KeepTraceAsync(store, outcome, cancellationToken);
        if (outcome is AcceptOutcome.Stored)
        {
            signals.Queue.Wake();
        }

        return (outcome, batch);
    }

    private static (string Name, AudienceType Type) ValidateFields(RawUpload upload)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(upload.Name))
        {
            errors.Add("name: is required (the audience's name at each platform).");
        }
        else if (upload.Name.Length > 200)
        {
            errors.Add("name: must be at most 200 characters.");
        }
        else if (upload.Name.Any(char.IsControl))
        {
            errors.Add("name: must not contain control characters (line breaks, tabs, NUL).");
        }

        var type = AudienceType.Custom;
        switch (upload.Type)
        {
            case null or "custom":
                break;
            case "primary":
                type = AudienceType.Primary;
                break;
            default:
                errors.Add("type: must be custom or primary.");
                break;
        }

        if (upload.Batch is null || upload.Batch.Length == 0)
        {
            errors.Add("batch: is required (a JSON object with sessionId, sequence, totalBatches, totalUsers).");
        }

        if (upload.Users is null || upload.Users.Length == 0)
        {
            errors.Add("users: is required (a JSON array with at least one user).");
        }

        return errors.Count > 0 ? throw new UploadRejection(StatusCodes.Status400BadRequest, errors) : (upload.Name!, type);
    }
}
