using AudienceRelay.Server.Errors;
using AudienceRelay.Server.Operations;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AudienceRelay.Server.Observability;

/// <summary>
/// Metrics and traces on the OpenTelemetry SDK: our meter and activity source, ASP.NET Core, HttpClient
/// and Npgsql instrumentation; <c>/metrics</c> in Prometheus text (behind the API key unless
/// <c>Metrics__Public=true</c>); OTLP export of both when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection("Metrics"));
        services.AddSingleton<QueueGauges>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("audience-relay"))
            .WithMetrics(m => m
                .AddMeter(AudienceMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(t => t
                .AddSource(AudienceTracing.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Reads the standard OTEL_EXPORTER_OTLP_* settings (endpoint, protocol, headers) itself.
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        // Created now, so its gauges are observed from the first collection.
        app.Services.GetRequiredService<QueueGauges>();
        var isPublic = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Public;
        var keys = app.Services.GetRequiredService<OperatorKeys>();
        app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch =>
        {
            if (!isPublic)
            {
                branch.Use(async (context, next) =>
                {
                    if (keys.FromBearer(context) is null)
                    {
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        await ApiProblem.WriteAsync(context, StatusCodes.Status401Unauthorized, "Authorization: send a valid API key as 'Authorization: Bearer <key>' (or set Metrics__Public=true).");
                        return;
                    }

                    await next(context);
                });
            }
        }, optionsName: null);
        return app;
    }
}
