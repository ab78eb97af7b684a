using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AudienceRelay.Core.Contract;
using AudienceRelay.Core.Normalization;
using AudienceRelay.Server.Delivery;
using AudienceRelay.Store;
using AudienceRelay.Store.Queue;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// Turns a read upload into a stored batch: validates every field, normalizes each user once to
/// count the unusable ones, and stores the batch with one delivery per provider instance in one
/// transaction. Only usable users are kept, sealed, until their deliveries end.
/// </summary>
internal sealed class BatchIntake(IAudienceStore store, ProviderRegistry providers, DeliverySignals signals, TimeProvider time, IOptions<IngressOptions> options)
{
    public const string Prefix = "blotout_";

    public async Task<(AcceptOutcome Outcome, BatchInfo Batch)> AcceptAsync(RawUpload upload, UploadQuery query, CancellationToken cancellationToken)
    {
        var (name, type) = ValidateFields(upload);
        var batch = BatchParser.Parse(upload.Batch!);
        var users = UsersParser.Parse(upload.Users, options.Value.MaxUsersPerBatch);

        var usable = new List<AudienceUser>(users.Count);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            var keys = IdentityNormalizer.Normalize(user);
            if (keys.IsUsable)
            {
                usable.Add(user);
            }
            else
            {
                reasons["noIdentifier"] = reasons.GetValueOrDefault("noIdentifier") + 1;
            }
        }

        if (usable.Count == 0)
        {
            throw new UploadRejection(StatusCodes.Status400BadRequest,
                "users: no user has a usable identifier (a valid email, phone or edgeTagId); nothing would reach any platform.");
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(usable, ApiJsonContext.Default.ListAudienceUser);
        var newBatch = new NewBatch
        {
            Name = name,
            AudienceName = query.DisablePrefix ? name : Prefix + name,
            Type = type,
            DisablePrefix = query.DisablePrefix,
            Batch = batch,
            ContentHash = ContentHash(name, type, query.DisablePrefix, batch, users),
            UserCount = usable.Count,
            SkippedCount = users.Count - usable.Count,
            SkippedReasons = reasons,
            Payload = payload,
            Instances = providers.Instances,
            Now = time.GetUtcNow(),
        };
        var outcome = await store.AcceptBatchAsync(newBatch, cancellationToken);
        Observability.AudienceMetrics.UploadAccepted(outcome, usable.Count, reasons);
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

    /// <summary>
    /// Identifies the batch's content independently of how the client encoded it (whitespace, key
    /// order, a number sent as text): the parsed fields are serialized again and hashed.
    /// </summary>
    private static string ContentHash(string name, AudienceType type, bool disablePrefix, BatchInfo batch, List<AudienceUser> users)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{name}\n{type}\n{disablePrefix}\n{batch.SessionId}\n{batch.Sequence}\n{batch.TotalBatches}\n{batch.TotalUsers}\n{batch.PullDate:yyyy-MM-dd}\n"));
        hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(users, ApiJsonContext.Default.ListAudienceUser));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
