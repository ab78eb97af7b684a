namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>All accounts, keyed by private API key, behind one lock.</summary>
internal sealed class KlaviyoStore(KlaviyoEmulatorOptions options)
{
    private readonly Dictionary<string, KlaviyoAccount> _accounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listIds = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    /// <summary>Window reported to callers that are not (yet) authenticated.</summary>
    public KlaviyoRateWindow AnonymousRate { get; } = new(options.SteadyRateLimit);

    public void AddAccount(string apiKey)
    {
        lock (Gate)
        {
            _accounts.TryAdd(apiKey, new KlaviyoAccount(apiKey, options.SteadyRateLimit));
        }
    }

    public KlaviyoAccount? Find(string apiKey)
    {
        lock (Gate)
        {
            return _accounts.GetValueOrDefault(apiKey);
        }
    }

    /// <summary>The account of <paramref name="apiKey"/>, or the sandbox account when null. Call under <see cref="Gate"/>.</summary>
    public KlaviyoAccount AccountOrSandbox(string? apiKey) =>
        _accounts.TryGetValue(apiKey ?? options.SandboxApiKey, out var account)
            ? account
            : throw new ArgumentException("No account has that API key.", nameof(apiKey));

    /// <summary>Every account, in no particular order. Call under <see cref="Gate"/>.</summary>
    public IEnumerable<KlaviyoAccount> Accounts => _accounts.Values;

    /// <summary>A list id unique across the emulator. Call under <see cref="Gate"/>.</summary>
    public string NewListId()
    {
        string id;
        do
        {
            id = KlaviyoIds.NewListId();
        }
        while (!_listIds.Add(id));

        return id;
    }
}
