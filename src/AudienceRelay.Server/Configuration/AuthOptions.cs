namespace AudienceRelay.Server;

/// <summary>Section <c>Auth</c>: the accepted API keys (<c>Auth__ApiKeys__0</c>, <c>__1</c>, …).</summary>
public sealed class AuthOptions
{
    public List<string> ApiKeys { get; set; } = [];
}
