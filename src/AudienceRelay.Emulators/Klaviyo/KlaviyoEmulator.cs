using AudienceRelay.Emulators.Hosting;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// A strict, stateful stand-in for Klaviyo's JSON:API (lists, profiles, bulk profile import), written from Klaviyo's
/// documentation (providers.md §3). Mounted at <c>/klaviyo</c>: a client's BaseUrl is <c>http://host:port/klaviyo</c>
/// and it calls <c>{BaseUrl}/api/...</c>.
/// </summary>
public sealed class KlaviyoEmulator : IPlatformEmulator
{
    private readonly KlaviyoStore _store;
    private readonly TimeProvider _time;
    private readonly KlaviyoListEndpoints _lists;
    private readonly KlaviyoMembershipEndpoints _members;
    private readonly KlaviyoProfileEndpoints _profiles;
    private readonly KlaviyoImportEndpoints _imports;

    public KlaviyoEmulator(KlaviyoEmulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new KlaviyoEmulatorOptions();
        ArgumentException.ThrowIfNullOrEmpty(Options.SandboxApiKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.DailyListCreationLimit, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.PollsUntilComplete, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxImportProfiles, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxImportBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxProfileBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxRelationshipIds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.SteadyRateLimit, 1);
        _time = timeProvider ?? TimeProvider.System;
        _store = new KlaviyoStore(Options);
        _lists = new KlaviyoListEndpoints(_store, Options, _time);
        _members = new KlaviyoMembershipEndpoints(_store, Options, _time);
        _profiles = new KlaviyoProfileEndpoints(_store);
        _imports = new KlaviyoImportEndpoints(_store, Options, _time);
        _store.AddAccount(Options.SandboxApiKey);
    }

    public string Name => "klaviyo";

    public FaultInjector Faults { get; } = new();

    public KlaviyoEmulatorOptions Options { get; }

    /// <summary>Adds an account reached with <c>Authorization: Klaviyo-API-Key {apiKey}</c> (no-op if it exists).</summary>
    public void AddAccount(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        _store.AddAccount(apiKey);
    }

    /// <summary>The account's lists in creation order (the sandbox account when <paramref name="apiKey"/> is null).</summary>
    public IReadOnlyList<KlaviyoListView> Lists(string? apiKey = null)
    {
        lock (_store.Gate)
        {
            return [.. _store.AccountOrSandbox(apiKey).Lists.Values.Select(l => l.ToView())];
        }
    }

    /// <summary>The profiles in the list (any account), in the order they joined; empty for an unknown list.</summary>
    public IReadOnlyList<KlaviyoProfileView> ListMembers(string listId)
    {
        lock (_store.Gate)
        {
            foreach (var account in _store.Accounts)
            {
                if (account.Lists.TryGetValue(listId, out var list))
                {
                    return [.. list.Members.Keys.Select(id => account.Profiles[id].ToView())];
                }
            }

            return [];
        }
    }

    /// <summary>Deletes a list (any account), as a user can in Klaviyo; later calls naming it answer 404.</summary>
    public bool DeleteList(string listId)
    {
        lock (_store.Gate)
        {
            return _store.Accounts.Any(a => a.Lists.Remove(listId));
        }
    }

    /// <summary>The account's bulk import jobs in creation order (the sandbox account when <paramref name="apiKey"/> is null).</summary>
    public IReadOnlyList<KlaviyoJobView> Jobs(string? apiKey = null)
    {
        lock (_store.Gate)
        {
            return [.. _store.AccountOrSandbox(apiKey).Jobs.Values.Select(j => j.ToView())];
        }
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        Route(routes, HttpMethods.Get, "api/lists", _lists.GetListsAsync);
        Route(routes, HttpMethods.Post, "api/lists", _lists.CreateListAsync);
        Route(routes, HttpMethods.Get, "api/lists/{id}", _lists.GetListAsync);
        Route(routes, HttpMethods.Get, "api/lists/{id}/profiles", _profiles.GetListProfilesAsync);
        Route(routes, HttpMethods.Get, "api/lists/{id}/relationships/profiles", _members.GetIdsAsync);
        Route(routes, HttpMethods.Post, "api/lists/{id}/relationships/profiles", _members.AddAsync);
        Route(routes, HttpMethods.Delete, "api/lists/{id}/relationships/profiles", _members.RemoveAsync);
        Route(routes, HttpMethods.Get, "api/profiles", _profiles.GetProfilesAsync);
        Route(routes, HttpMethods.Post, "api/profile-bulk-import-jobs", _imports.CreateAsync);
        Route(routes, HttpMethods.Get, "api/profile-bulk-import-jobs/{id}", _imports.GetAsync);
        Route(routes, HttpMethods.Get, "api/profile-bulk-import-jobs/{id}/import-errors", _imports.GetErrorsAsync);
    }

    /// <summary>Lists with member counts and a sample of members: the sandbox's view of the emulated platform (raw PII by design).</summary>
    public object Snapshot(int sampleSize)
    {
        lock (_store.Gate)
        {
            return new
            {
                accounts = _store.Accounts.Select(a => new
                {
                    account = a.ApiKey[..Math.Min(4, a.ApiKey.Length)] + "…",
                    profile_count = a.Profiles.Count,
                    lists = a.Lists.Values.Select(l => new
                    {
                        id = l.Id,
                        name = l.Name,
                        member_count = l.Members.Count,
                        sample = l.Members.Keys.Take(Math.Max(0, sampleSize)).Select(p => a.Profiles[p]).Select(p => new
                        {
                            id = p.Id,
                            email = p.Email,
                            phone_number = p.PhoneNumber,
                            external_id = p.ExternalId,
                        }).ToList(),
                    }).ToList(),
                    jobs = a.Jobs.Values.Select(j => j.ToView()).ToList(),
                }).ToList(),
            };
        }
    }

    private void Route(IEndpointRouteBuilder routes, string method, string pattern, Func<HttpContext, KlaviyoAccount, Task> handler) =>
        routes.MapMethods(pattern, [method], async context =>
        {
            // Klaviyo reports the steady window on every answer but a 429; the account is known only after auth.
            var window = _store.AnonymousRate;
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode != StatusCodes.Status429TooManyRequests)
                {
                    window.WriteHeaders(context.Response, _time.GetUtcNow());
                }

                return Task.CompletedTask;
            });

            if (await Faults.AnswerAsync(context, AnswerFaultAsync))
            {
                return;
            }

            var (account, error) = KlaviyoGate.Authenticate(context, _store);
            error ??= KlaviyoGate.CheckRevision(context, _time.GetUtcNow());
            if (error is not null)
            {
                await KlaviyoHttp.ErrorAsync(context, error);
                return;
            }

            window = account!.Rate;
            await handler(context, account);
        });

    /// <summary>Turns a queued fault into Klaviyo's answer (<see cref="FaultInjector.AnswerAsync"/> has applied slow and dropped requests).</summary>
    private static async Task AnswerFaultAsync(HttpContext context, Fault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Throttle:
                var seconds = fault.RetryAfterSeconds ?? 1;
                await KlaviyoHttp.ErrorAsync(context, KlaviyoError.Throttled(fault.Message ?? $"Request was throttled. Expected available in {seconds} second{(seconds == 1 ? "" : "s")}."), seconds);
                return;
            case FaultKind.ServerError:
                var status = fault.StatusCode ?? StatusCodes.Status500InternalServerError;
                await KlaviyoHttp.ErrorAsync(context, new KlaviyoError(status, "error", "A server error occurred.", fault.Message ?? "A server error occurred.", Pointer: "/data/"));
                return;
            default:
                var errorStatus = fault.StatusCode ?? StatusCodes.Status400BadRequest;
                await KlaviyoHttp.ErrorAsync(context, new KlaviyoError(errorStatus, CodeFor(errorStatus), "Injected error.", fault.Message ?? "Injected error.", Pointer: "/data/"));
                return;
        }
    }

    private static string CodeFor(int status) => status switch
    {
        400 => "invalid",
        401 => "not_authenticated",
        403 => "permission_denied",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        415 => "unsupported_media_type",
        429 => "throttled",
        _ => "error",
    };
}
