namespace AudienceRelay.Store.Tests.Infrastructure;

/// <summary>A fact that needs PostgreSQL: skipped, with how to enable it, when there is none (see <see cref="PostgresAvailability"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresAvailability.SkipReason!;
    }
}
