namespace AudienceRelay.Server.Uploads;

/// <summary>The query parameters of POST /audience: <c>disablePrefix</c> and <c>sync</c>, booleans, default false.</summary>
internal sealed record UploadQuery(bool DisablePrefix, bool Sync)
{
    public static UploadQuery Parse(IQueryCollection query)
    {
        var errors = new List<string>();
        var disablePrefix = Flag(query, "disablePrefix", errors);
        var sync = Flag(query, "sync", errors);
        return errors.Count > 0 ? throw new UploadRejection(StatusCodes.Status400BadRequest, errors) : new UploadQuery(disablePrefix, sync);
    }

    private static bool Flag(IQueryCollection query, string name, List<string> errors)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return false;
        }

        if (values.Count != 1)
        {
            errors.Add($"{name}: give the parameter once, as true or false.");
            return false;
        }

        switch (values[0]?.Trim().ToLowerInvariant())
        {
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                errors.Add($"{name}: must be true or false.");
                return false;
        }
    }
}
