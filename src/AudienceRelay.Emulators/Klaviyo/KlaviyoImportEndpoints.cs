using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.Klaviyo;

/// <summary>
/// Bulk profile import (https://developers.klaviyo.com/en/reference/bulk_import_profiles,
/// get_bulk_import_profiles_job, get_errors_for_bulk_import_profiles_job). The POST answers 202 with a queued job; each
/// GET of the job moves it on, and only on completion are profiles upserted and added to the job's list.
/// </summary>
internal sealed class KlaviyoImportEndpoints(KlaviyoStore store, KlaviyoEmulatorOptions options, TimeProvider time)
{
    public async Task CreateAsync(HttpContext context, KlaviyoAccount account)
    {
        var (body, error) = await KlaviyoHttp.ReadObjectAsync(context, options.MaxImportBytes);
        var data = body?["data"] as JsonObject;
        error ??= data is null ? KlaviyoError.Invalid("'data' is required and must be an object.", "/data") : null;
        error ??= KlaviyoHttp.String(data, "type") == "profile-bulk-import-job" ? null : KlaviyoError.Invalid("'type' must be 'profile-bulk-import-job'.", "/data/type");
        var profiles = ((data?["attributes"] as JsonObject)?["profiles"] as JsonObject)?["data"] as JsonArray;
        error ??= profiles is null ? KlaviyoError.Invalid("'profiles.data' is required and must be an array.", "/data/attributes/profiles/data") : null;
        error ??= profiles?.Count is 0 ? KlaviyoError.Invalid("At least one profile is required.", "/data/attributes/profiles/data") : null;
        error ??= profiles?.Count > options.MaxImportProfiles
            ? KlaviyoError.Invalid($"At most {options.MaxImportProfiles} profiles can be imported per job; got {profiles.Count}.", "/data/attributes/profiles/data")
            : null;
        var (listIds, listError) = error is null ? ParseLists(data!) : ([], null);
        error ??= listError;

        var valid = new List<KlaviyoProfileInput>();
        var failed = new List<KlaviyoImportError>();
        for (var i = 0; error is null && i < profiles!.Count; i++)
        {
            var (profile, importError, requestError) = KlaviyoProfileParser.Parse(profiles[i], i, options.MaxProfileBytes, options.SmsEnabled);
            error = requestError;
            if (profile is not null)
            {
                valid.Add(profile);
            }
            else if (importError is not null)
            {
                failed.Add(importError);
            }
        }

        var now = time.GetUtcNow();
        var root = KlaviyoHttp.ApiRoot(context);
        JsonObject? document = null;
        lock (store.Gate)
        {
            var missing = error is null ? listIds.FindIndex(id => !account.Lists.ContainsKey(id)) : -1;
            if (missing >= 0)
            {
                error = KlaviyoError.NotFound($"A list with id {listIds[missing]} does not exist.") with { Pointer = $"/data/relationships/lists/data/{missing}/id" };
            }

            if (error is null)
            {
                var job = new KlaviyoImportJob(KlaviyoIds.NewUlid(now), now, listIds, valid, failed);
                account.Jobs.Add(job.Id, job);
                document = new JsonObject { ["data"] = KlaviyoResources.Job(job, root) };
            }
        }

        await (error is null ? KlaviyoHttp.JsonAsync(context, StatusCodes.Status202Accepted, document!) : KlaviyoHttp.ErrorAsync(context, error));
    }

    /// <summary>Each GET is one poll: before <see cref="KlaviyoEmulatorOptions.PollsUntilComplete"/> the job is processing, then complete.</summary>
    public async Task GetAsync(HttpContext context, KlaviyoAccount account)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        var now = time.GetUtcNow();
        var root = KlaviyoHttp.ApiRoot(context);
        JsonObject? document = null;
        lock (store.Gate)
        {
            if (account.Jobs.TryGetValue(id, out var job))
            {
                Advance(account, job, now);
                document = new JsonObject { ["data"] = KlaviyoResources.Job(job, root), ["links"] = new JsonObject { ["self"] = $"{root}/profile-bulk-import-jobs/{id}/" } };
            }
        }

        await (document is null
            ? KlaviyoHttp.ErrorAsync(context, KlaviyoError.NotFound($"A profile bulk import job with id {id} does not exist."))
            : KlaviyoHttp.JsonAsync(context, StatusCodes.Status200OK, document));
    }

    /// <summary>Import errors of a job, paged (≤ 100). Empty until the job completes: the platform reports them as it processes.</summary>
    public async Task GetErrorsAsync(HttpContext context, KlaviyoAccount account)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        var (page, error) = KlaviyoPage.Parse(context, defaultSize: 20, maxSize: 100);
        JsonObject? document = null;
        lock (store.Gate)
        {
            if (error is null && account.Jobs.TryGetValue(id, out var job))
            {
                var errors = job.IsComplete ? job.Errors : [];
                document = new JsonObject
                {
                    ["data"] = new JsonArray([.. page!.Slice(errors).Select(KlaviyoResources.ImportError)]),
                    ["links"] = page.Links(context, errors.Count),
                };
            }
        }

        error ??= document is null ? KlaviyoError.NotFound($"A profile bulk import job with id {id} does not exist.") : null;
        await (error is null ? KlaviyoHttp.JsonAsync(context, StatusCodes.Status200OK, document!) : KlaviyoHttp.ErrorAsync(context, error));
    }

    private void Advance(KlaviyoAccount account, KlaviyoImportJob job, DateTimeOffset now)
    {
        if (job.IsComplete)
        {
            return;
        }

        job.Polls++;
        if (job.Polls <= options.PollsQueued)
        {
            return;
        }

        job.Started ??= now;
        job.Status = "processing";
        if (job.Polls >= options.PollsUntilComplete + options.PollsQueued)
        {
            account.Complete(job, now);
        }
    }

    /// <summary>
    /// <c>relationships.lists.data</c>: optional, at most one list. One is all the bulk import guide shows and all we send;
    /// treating more as an error keeps a client from relying on something unverified.
    /// </summary>
    private static (List<string> Ids, KlaviyoError? Error) ParseLists(JsonObject data)
    {
        var node = (data["relationships"] as JsonObject)?["lists"];
        if (node is null)
        {
            return ([], null);
        }

        if ((node as JsonObject)?["data"] is not JsonArray items || items.Count > 1)
        {
            return ([], KlaviyoError.Invalid("'lists.data' must be an array of at most one {\"type\":\"list\",\"id\"} object.", "/data/relationships/lists/data"));
        }

        var ids = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] as JsonObject;
            if (KlaviyoHttp.String(item, "type") != "list" || KlaviyoHttp.String(item, "id") is not { } id)
            {
                return ([], KlaviyoError.Invalid("Each list must be {\"type\":\"list\",\"id\":\"...\"}.", $"/data/relationships/lists/data/{i}"));
            }

            ids.Add(id);
        }

        return (ids, null);
    }
}
