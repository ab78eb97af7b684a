namespace AudienceRelay.Emulators.Meta;

/// <summary>One authenticated request on its way to an endpoint: the parsed request, the state, and the usage-header key.</summary>
internal sealed record GraphCall(GraphRequest Request, MetaStore Store, string? UsageKey)
{
    public HttpContext Context => Request.Context;

    public Task FailAsync(GraphError error) => GraphResponder.WriteErrorAsync(Context, error, UsageKey);

    public Task OkAsync(System.Text.Json.Nodes.JsonNode body) => GraphResponder.WriteJsonAsync(Context, body, UsageKey);
}
