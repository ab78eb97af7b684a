using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Google;

/// <summary>
/// OfflineUserDataJobService (https://developers.google.com/google-ads/api/docs/remarketing/audience-segments/customer-match/get-started,
/// providers.md §4.3): <c>:create</c> for a Customer Match list with consent, <c>:addOperations</c> checked as Google documents
/// (CONFLICTING_OPERATION when a job mixes create and remove, removeAll first, TOO_MANY_USER_IDENTIFIERS above the limit,
/// malformed identifiers as partial failures), <c>:run</c> (CONCURRENT_MODIFICATION while another job of the list runs).
/// </summary>
internal sealed class GoogleJobEndpoints(GoogleStore store, GoogleEmulatorOptions options, TimeProvider time)
{
    private static readonly string[] ConsentValues = ["GRANTED", "DENIED", "UNSPECIFIED"];
    private readonly Dictionary<string, string> _refused = new(StringComparer.Ordinal);

    /// <summary>Makes every operation carrying <paramref name="value"/> fail with <paramref name="code"/> (Google found it malformed).</summary>
    public void Refuse(string value, string code)
    {
        lock (store.Gate)
        {
            _refused[value] = code;
        }
    }

    public async Task CreateAsync(HttpContext context, string version, string customerId, JsonObject body)
    {
        var job = body["job"] as JsonObject;
        var metadata = job?["customerMatchUserListMetadata"] as JsonObject;
        if (GoogleHttp.Text(job?["type"]) != "CUSTOMER_MATCH_USER_LIST" || metadata is null)
        {
            await GoogleHttp.InvalidAsync(context, version, new("offlineUserDataJobError", "INVALID_USER_LIST_TYPE", "Only Customer Match jobs (type CUSTOMER_MATCH_USER_LIST with customerMatchUserListMetadata) are emulated."));
            return;
        }

        var consent = metadata["consent"] as JsonObject;
        var adUserData = GoogleHttp.Text(consent?["adUserData"]) ?? "UNSPECIFIED";
        var adPersonalization = GoogleHttp.Text(consent?["adPersonalization"]) ?? "UNSPECIFIED";
        if (!ConsentValues.Contains(adUserData) || !ConsentValues.Contains(adPersonalization))
        {
            await GoogleHttp.InvalidAsync(context, version, new("requestError", "INVALID_ENUM_VALUE", "Consent must be GRANTED, DENIED or UNSPECIFIED.", GoogleHttp.Path(("job", null), ("customer_match_user_list_metadata", null), ("consent", null))));
            return;
        }

        var prefix = $"customers/{customerId}/userLists/";
        var userList = GoogleHttp.Text(metadata["userList"]);
        string? id = null;
        lock (store.Gate)
        {
            if (userList is not null && userList.StartsWith(prefix, StringComparison.Ordinal) && store.List(customerId, userList[prefix.Length..]) is { } list)
            {
                var job2 = new GoogleEmuJob(store.NextId(), customerId, list.Id, adUserData, adPersonalization);
                store.Add(job2);
                id = job2.Id;
            }
        }

        await (id is null
            ? GoogleHttp.InvalidAsync(context, version, new("offlineUserDataJobError", "INVALID_USER_LIST_ID", "The user list ID provided for the job is invalid.", GoogleHttp.Path(("job", null), ("customer_match_user_list_metadata", null), ("user_list", null))))
            : GoogleHttp.JsonAsync(context, new JsonObject { ["resourceName"] = $"customers/{customerId}/offlineUserDataJobs/{id}" }));
    }

    public async Task AddOperationsAsync(HttpContext context, string version, string customerId, string jobId, JsonObject body)
    {
        if (body["operations"] is not JsonArray { Count: > 0 } operations)
        {
            await GoogleHttp.InvalidAsync(context, version, new("fieldError", "REQUIRED", "The required field was not present.", GoogleHttp.Path(("operations", null))));
            return;
        }

        var partial = body["enablePartialFailure"] is JsonValue flag && flag.TryGetValue<bool>(out var on) && on;
        var parsed = new List<(string Kind, IReadOnlyList<string> Identifiers, GoogleEmuError? Error)>(operations.Count);
        GoogleEmuError? fatal = null;
        var identifierCount = 0;
        lock (store.Gate)
        {
            for (var i = 0; i < operations.Count && fatal is null; i++)
            {
                var operation = Operation(operations[i] as JsonObject, i, out fatal);
                identifierCount += operation.Kind == "create" ? operation.Identifiers.Count : 0;
                parsed.Add(operation);
            }

            var job = store.Job(customerId, jobId);
            fatal ??= job is null ? new("requestError", "RESOURCE_NOT_FOUND", "The job was not found.")
                : job.Status != "PENDING" ? new("requestError", "INVALID_INPUT", "Operations can only be added to a PENDING job.")
                : identifierCount > options.MaxIdentifiersPerRequest ? new("offlineUserDataJobError", "TOO_MANY_USER_IDENTIFIERS", $"More than {options.MaxIdentifiersPerRequest} user identifiers in the request's create operations.")
                : Conflict(job, parsed) ?? Order(job, parsed);
            if (fatal is null)
            {
                var refused = parsed.Select((p, i) => p.Error ?? RefusedIdentifier(p.Identifiers, i)).ToList();
                if (refused.Any(e => e is not null) && !partial)
                {
                    fatal = refused.First(e => e is not null);
                }
                else
                {
                    Apply(job!, parsed, refused);
                    parsed = [.. parsed.Select((p, i) => (p.Kind, p.Identifiers, refused[i]))];
                }
            }
        }

        if (fatal is not null)
        {
            await GoogleHttp.InvalidAsync(context, version, fatal);
            return;
        }

        var errors = parsed.Where(p => p.Error is not null).Select(p => p.Error!).ToList();
        await GoogleHttp.JsonAsync(context, errors.Count == 0
            ? new JsonObject()
            : new JsonObject { ["partialFailureError"] = GoogleHttp.Status(version, 3, null, "Multiple errors in 'details'. First error: " + errors[0].Message, errors) });
    }

    public async Task RunAsync(HttpContext context, string version, string customerId, string jobId)
    {
        GoogleEmuError? error = null;
        var status = "INVALID_ARGUMENT";
        lock (store.Gate)
        {
            var job = store.Job(customerId, jobId);
            if (job is null)
            {
                error = new("requestError", "RESOURCE_NOT_FOUND", "The job was not found.");
            }
            else if (job.Status != "PENDING")
            {
                (status, error) = ("FAILED_PRECONDITION", new("requestError", "INVALID_INPUT", "The job has already been run."));
            }
            else if (store.Jobs.Any(j => j.ListId == job.ListId && j.Status == "RUNNING"))
            {
                // Two jobs of one list may not run at once (providers.md §4.3); Google answers 400 but it is transient.
                error = new("databaseError", "CONCURRENT_MODIFICATION", "Multiple requests were attempting to modify the same resource at once. Retry the request.");
            }
            else
            {
                job.Status = "RUNNING";
                job.RunAt = time.GetUtcNow();
            }
        }

        await (error is null
            ? GoogleHttp.JsonAsync(context, new JsonObject { ["name"] = $"customers/{customerId}/operations/{Guid.NewGuid():N}" })
            : GoogleHttp.ErrorAsync(context, version, 400, status, "Request contains an invalid argument.", error));
    }

    private static GoogleEmuError? Conflict(GoogleEmuJob job, List<(string Kind, IReadOnlyList<string> Identifiers, GoogleEmuError? Error)> parsed)
    {
        var creates = job.Creates > 0 || parsed.Any(p => p.Kind == "create");
        var removes = job.Removes > 0 || parsed.Any(p => p.Kind == "remove");
        return creates && removes
            ? new("offlineUserDataJobError", "CONFLICTING_OPERATION", "Mixing creation and removal of offline data in the same job is not allowed.")
            : null;
    }

    private static GoogleEmuError? Order(GoogleEmuJob job, List<(string Kind, IReadOnlyList<string> Identifiers, GoogleEmuError? Error)> parsed)
    {
        var index = parsed.FindIndex(p => p.Kind == "removeAll");
        return index > 0 || (index == 0 && job.Operations > 0)
            ? new("offlineUserDataJobError", "INVALID_OPERATION_ORDER", "removeAll must be the first operation of the job.", GoogleHttp.Path(("operations", index), ("remove_all", null)))
            : null;
    }

    private GoogleEmuError? RefusedIdentifier(IReadOnlyList<string> identifiers, int index)
    {
        foreach (var identifier in identifiers)
        {
            foreach (var part in identifier[(identifier.IndexOf(':') + 1)..].Split('|'))
            {
                if (_refused.TryGetValue(part, out var code))
                {
                    return new("offlineUserDataJobError", code, "The identifier was refused.", GoogleHttp.Path(("operations", index), ("create", null)));
                }
            }
        }

        return null;
    }

    private static void Apply(GoogleEmuJob job, List<(string Kind, IReadOnlyList<string> Identifiers, GoogleEmuError? Error)> parsed, List<GoogleEmuError?> refused)
    {
        for (var i = 0; i < parsed.Count; i++)
        {
            job.Operations++;
            if (refused[i] is not null)
            {
                continue;
            }

            switch (parsed[i].Kind)
            {
                case "removeAll":
                    job.RemoveAll = true;
                    break;
                case "create":
                    job.AddCreate(parsed[i].Identifiers);
                    break;
                default:
                    job.AddRemove(parsed[i].Identifiers);
                    break;
            }
        }
    }

    /// <summary>One operation: exactly one of create, remove, removeAll; a UserData's identifiers checked one by one.</summary>
    private static (string Kind, IReadOnlyList<string> Identifiers, GoogleEmuError? Error) Operation(JsonObject? operation, int i, out GoogleEmuError? fatal)
    {
        fatal = null;
        var kinds = operation?.Select(p => p.Key).Where(k => k is "create" or "remove" or "removeAll").ToList() ?? [];
        if (kinds.Count != 1 || operation!.Count != 1)
        {
            fatal = new("fieldError", "ONE_OF_MULTIPLE_FIELDS_SET", "An operation must set exactly one of create, remove and removeAll.", GoogleHttp.Path(("operations", i)));
            return ("", [], null);
        }

        if (kinds[0] == "removeAll")
        {
            if (operation["removeAll"] is not JsonValue value || !value.TryGetValue<bool>(out var all) || !all)
            {
                fatal = new("fieldError", "REQUIRED", "removeAll must be true.", GoogleHttp.Path(("operations", i), ("remove_all", null)));
            }

            return ("removeAll", [], null);
        }

        var data = operation[kinds[0]] as JsonObject;
        if (data?["userIdentifiers"] is not JsonArray { Count: > 0 } identifiers)
        {
            return (kinds[0], [], new("offlineUserDataJobError", "MISSING_USER_IDENTIFIER", "User data has no user identifier.", GoogleHttp.Path(("operations", i), (kinds[0], null))));
        }

        var values = new List<string>(identifiers.Count);
        for (var j = 0; j < identifiers.Count; j++)
        {
            var (value, error) = GoogleIdentifiers.Check(identifiers[j] as JsonObject, i, kinds[0], j, out var broken);
            if (broken is not null)
            {
                fatal = broken;
                return (kinds[0], [], null);
            }

            if (error is not null)
            {
                return (kinds[0], [], error);
            }

            values.Add(value!);
        }

        return (kinds[0], values, null);
    }
}
