using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.LinkedIn;

/// <summary>
/// <c>POST /rest/dmpSegments/{id}/users</c> with <c>X-RestLi-Method: BATCH_CREATE</c>: ADD or REMOVE users, one status
/// per element (https://learn.microsoft.com/en-us/linkedin/marketing/matched-audiences/create-and-manage-segment-users).
/// Each element needs a valid user id, or a first and a last name; SHA256_EMAIL is 64 lower-case hex characters.
/// </summary>
internal sealed class LinkedInUsersEndpoint(LinkedInState state, LinkedInEmulatorOptions options, LinkedInSegmentEndpoints segments)
{
    private const int MaxNameLength = 35;
    private const int MaxTitleOrCompanyLength = 50;
    private static readonly HashSet<string> KnownFields = new(["action", "userIds", "firstName", "lastName", "title", "company", "country"], StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context, string token, long id)
    {
        if (!string.Equals(context.Request.Headers["X-RestLi-Method"].ToString(), "BATCH_CREATE", StringComparison.OrdinalIgnoreCase))
        {
            await LinkedInHttp.BadRequestAsync(context, "Adding several users needs the header X-RestLi-Method: BATCH_CREATE.");
            return;
        }

        // A new segment is not available for users for a few seconds; LinkedIn answers as if it did not exist yet.
        if (state.Find(id) is not { } segment || !segments.IsReady(segment, state.Time.GetUtcNow()))
        {
            await LinkedInHttp.ErrorAsync(context, 404, 404, $"DMP segment {id} is not available.", "NOT_FOUND");
            return;
        }

        if (!state.CanAct(token, segment.AccountId))
        {
            await LinkedInHttp.ErrorAsync(context, 403, 100, $"Not enough permissions to access DMP segment {id}.", "ACCESS_DENIED");
            return;
        }

        if (segment.Type != "USER")
        {
            await LinkedInHttp.BadRequestAsync(context, $"DMP segment {id} is of type {segment.Type}; users go to USER segments.");
            return;
        }

        var (body, readError) = await LinkedInHttp.ReadObjectAsync(context);
        if (body is null || body["elements"] is not JsonArray elements || elements.Count == 0)
        {
            await LinkedInHttp.BadRequestAsync(context, readError ?? "elements: a non-empty array is required.");
            return;
        }

        if (elements.Count > options.MaxElements)
        {
            await LinkedInHttp.BadRequestAsync(context, $"elements: {elements.Count} exceeds the maximum of {options.MaxElements} per request.");
            return;
        }

        var statuses = new JsonArray();
        var changes = new List<LinkedInUserChange>(elements.Count);
        foreach (var node in elements)
        {
            var (change, problem) = Parse(node);
            statuses.Add(problem is null ? new JsonObject { ["status"] = 201 } : new JsonObject { ["status"] = 400, ["message"] = problem });
            if (change is not null)
            {
                changes.Add(change);
            }
        }

        state.Apply(id, changes, elements.Count - changes.Count);
        await LinkedInHttp.JsonAsync(context, 200, new JsonObject { ["elements"] = statuses });
    }

    private static (LinkedInUserChange? Change, string? Problem) Parse(JsonNode? node)
    {
        if (node is not JsonObject element)
        {
            return (null, "An element must be an object.");
        }

        if (element.Select(p => p.Key).FirstOrDefault(k => !KnownFields.Contains(k)) is { } unknown)
        {
            return (null, $"Unrecognized field {unknown}.");
        }

        var action = LinkedInHttp.String(element, "action");
        if (action is not ("ADD" or "REMOVE"))
        {
            return (null, "action: must be ADD or REMOVE.");
        }

        var ids = new List<(string, string)>();
        if (element["userIds"] is JsonArray userIds)
        {
            foreach (var userId in userIds)
            {
                if (userId is not JsonObject pair || LinkedInHttp.String(pair, "idType") is not { } type || LinkedInHttp.String(pair, "idValue") is not { } value)
                {
                    return (null, "userIds: each entry needs idType and idValue.");
                }

                if (IdProblem(type, value) is { } problem)
                {
                    return (null, problem);
                }

                ids.Add((type, value));
            }
        }
        else if (element["userIds"] is not null)
        {
            return (null, "userIds: must be an array.");
        }

        var first = LinkedInHttp.String(element, "firstName");
        var last = LinkedInHttp.String(element, "lastName");
        var country = LinkedInHttp.String(element, "country");
        var fieldProblem = first?.Length > MaxNameLength || last?.Length > MaxNameLength ? $"firstName and lastName: at most {MaxNameLength} characters."
            : LinkedInHttp.String(element, "title")?.Length > MaxTitleOrCompanyLength || LinkedInHttp.String(element, "company")?.Length > MaxTitleOrCompanyLength ? $"title and company: at most {MaxTitleOrCompanyLength} characters."
            : country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter)) ? "country: an ISO 3166-1 alpha-2 code."
            : null;
        if (fieldProblem is not null)
        {
            return (null, fieldProblem);
        }

        if (ids.Count == 0)
        {
            if (string.IsNullOrWhiteSpace(first) || string.IsNullOrWhiteSpace(last))
            {
                return (null, "userIds: at least one valid user id, or both firstName and lastName, is required.");
            }

            ids.Add(("NAME", $"{first}\u001f{last}"));
        }

        return (new LinkedInUserChange(action == "ADD", ids, first, last, country), null);
    }

    private static string? IdProblem(string type, string value) => type switch
    {
        "SHA256_EMAIL" when value.Length != 64 || !value.All(IsLowerHex) => "SHA256_EMAIL: must be a hex SHA-256 digest, 64 lower-case characters.",
        "SHA512_EMAIL" when value.Length != 128 || !value.All(IsLowerHex) => "SHA512_EMAIL: must be a hex SHA-512 digest, 128 lower-case characters.",
        "SHA256_EMAIL" or "SHA512_EMAIL" => null,
        "GOOGLE_AID" when !Guid.TryParse(value, out _) => "GOOGLE_AID: must be a Google advertising id (a UUID).",
        "GOOGLE_AID" => null,
        _ => $"idType: {type} is not one of SHA256_EMAIL, SHA512_EMAIL, GOOGLE_AID.",
    };

    private static bool IsLowerHex(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f';
}
