using System.Text.Json;
using System.Text.Json.Serialization;
using AudienceRelay.Store.Operations;
using AudienceRelay.Store.Queue;
using AudienceRelay.Store.Status;

namespace AudienceRelay.Server.Sessions;

/// <summary>
/// What <c>GET /audience/sessions/{id}</c> answers: the session and, per batch, each instance's delivery, with the
/// operator actions taken on it. These are the API's wire types (serialized through <see cref="ApiJsonContext"/>):
/// the property order is the JSON's order, and every property is written, null or not. They are made from the
/// store's records in one place, <see cref="From"/>, so the store can change its rows without changing the API.
/// </summary>
internal sealed record SessionStatus
{
    public required long SessionId { get; init; }
    public required string Name { get; init; }
    public required string AudienceName { get; init; }
    public required string Type { get; init; }
    public required int TotalBatches { get; init; }
    public required long TotalUsers { get; init; }
    public required int BatchesReceived { get; init; }
    public int? SequenceBase { get; init; }
    public required bool Complete { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required IReadOnlyList<BatchStatus> Batches { get; init; }
    public required IReadOnlyList<OperatorActionStatus> Actions { get; init; }

    public static SessionStatus From(SessionRecord session, IReadOnlyList<OperatorAction> actions)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(actions);
        return new SessionStatus
        {
            SessionId = session.SessionId,
            Name = session.Name,
            AudienceName = session.AudienceName,
            Type = session.Type,
            TotalBatches = session.TotalBatches,
            TotalUsers = session.TotalUsers,
            BatchesReceived = session.BatchesReceived,
            SequenceBase = session.SequenceBase,
            Complete = session.Complete,
            CreatedAt = session.CreatedAt,
            Batches = [.. session.Batches.Select(BatchStatus.From)],
            Actions = [.. actions.Select(OperatorActionStatus.From)],
        };
    }
}

/// <summary>One batch of a session with its deliveries.</summary>
internal sealed record BatchStatus
{
    public required long BatchId { get; init; }
    public required long Sequence { get; init; }
    public required int Users { get; init; }
    public required int Skipped { get; init; }
    public required IReadOnlyDictionary<string, int> SkippedReasons { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required bool PayloadPurged { get; init; }
    public required IReadOnlyList<DeliveryStatus> Deliveries { get; init; }

    public static BatchStatus From(BatchRecord batch) => new()
    {
        BatchId = batch.BatchId,
        Sequence = batch.Sequence,
        Users = batch.Users,
        Skipped = batch.Skipped,
        SkippedReasons = batch.SkippedReasons,
        ReceivedAt = batch.ReceivedAt,
        PayloadPurged = batch.PayloadPurged,
        Deliveries = [.. batch.Deliveries.Select(DeliveryStatus.From)],
    };
}

/// <summary>One delivery as an operator sees it.</summary>
internal sealed record DeliveryStatus
{
    public required long DeliveryId { get; init; }
    public required long BatchId { get; init; }
    public required string Instance { get; init; }
    [JsonConverter(typeof(DeliveryStateJsonConverter))]
    public required DeliveryState State { get; init; }
    public required int Attempts { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public int? UsersSent { get; init; }
    public int? UsersSkipped { get; init; }
    public JsonElement? SkippedReasons { get; init; }
    public JsonElement? PlatformCounts { get; init; }
    public string? AudienceId { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Pending until more batches of its session arrive (a replace that needs the whole list).</summary>
    public bool WaitingForSession { get; init; }

    public static DeliveryStatus From(DeliveryRecord delivery) => new()
    {
        DeliveryId = delivery.DeliveryId,
        BatchId = delivery.BatchId,
        Instance = delivery.Instance,
        State = delivery.State,
        Attempts = delivery.Attempts,
        NextAttemptAt = delivery.NextAttemptAt,
        LastError = delivery.LastError,
        UsersSent = delivery.UsersSent,
        UsersSkipped = delivery.UsersSkipped,
        SkippedReasons = Json(delivery.SkippedReasons),
        PlatformCounts = Json(delivery.PlatformCounts),
        AudienceId = delivery.AudienceId,
        UpdatedAt = delivery.UpdatedAt,
        WaitingForSession = delivery.WaitingForSession,
    };

    /// <summary>
    /// A JSON column the delivery worker wrote back (an object of counts), shown as JSON rather than as a string
    /// holding JSON; null stays null.
    /// </summary>
    public static JsonElement? Json(string? stored)
    {
        if (stored is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(stored);
        return document.RootElement.Clone();
    }
}

/// <summary>An operator action on the session: what, when, by which key name, on which delivery, how many deliveries it changed.</summary>
internal sealed record OperatorActionStatus
{
    public required string Action { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string KeyName { get; init; }
    public long? DeliveryId { get; init; }
    public required int Affected { get; init; }

    public static OperatorActionStatus From(OperatorAction action) => new()
    {
        Action = action.Action,
        At = action.At,
        KeyName = action.KeyName,
        DeliveryId = action.DeliveryId,
        Affected = action.Affected,
    };
}

/// <summary>Writes delivery states as the lower-case words the schema and the docs use (<c>pending</c>, <c>succeeded</c>, …).</summary>
internal sealed class DeliveryStateJsonConverter() : JsonStringEnumConverter<DeliveryState>(JsonNamingPolicy.SnakeCaseLower);
