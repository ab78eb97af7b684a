namespace AudienceRelay.Store.Status;

/// <summary>The status reads, written once for both engines (<c>@name</c> parameters); rows are read by <see cref="StatusRows"/>.</summary>
internal static class StatusSql
{
    public const string Session = $"SELECT {StatusRows.SessionColumns} FROM sessions WHERE session_id = @s";

    public const string SessionDeliveries = $"SELECT {StatusRows.DeliveryColumns} FROM deliveries WHERE session_id = @s ORDER BY delivery_id";

    public const string SessionBatches = $"SELECT {StatusRows.BatchColumns} FROM batches WHERE session_id = @s ORDER BY sequence";

    public static string BatchDeliveries(SqlDialect dialect) =>
        $"SELECT {StatusRows.DeliveryColumns} FROM deliveries WHERE batch_id = @b ORDER BY instance{dialect.TextOrder}";

    public static string CountByState(SqlDialect dialect) =>
        $"SELECT instance, state, COUNT(*) FROM deliveries GROUP BY instance, state ORDER BY instance{dialect.TextOrder}, state{dialect.TextOrder}";
}
