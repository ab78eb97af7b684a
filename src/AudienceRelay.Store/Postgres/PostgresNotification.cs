namespace AudienceRelay.Store.Postgres;

/// <summary>
/// One wake-up from the store: <see cref="Channel"/> is <see cref="PostgresNotifications.QueueChannel"/>
/// or <see cref="PostgresNotifications.FinishedChannel"/>. <see cref="Payload"/> is a hint only (a batch
/// id or an instance name; empty after a reconnect, when notifications may have been missed): a waiter
/// re-reads the store rather than trusting it.
/// </summary>
public sealed record PostgresNotification(string Channel, string Payload);
