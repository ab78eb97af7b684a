using System.Text.Json.Nodes;

namespace AudienceRelay.Emulators.TikTok;

/// <summary>
/// <c>POST /open_api/v1.3/segment/mapping/</c>: adds hashed ids to segment audiences or removes them
/// (providers.md §2.4). The whole call is validated before anything changes.
/// </summary>
internal sealed class TikTokMappingEndpoint(TikTokState state, TikTokEmulatorOptions options)
{
    public async Task HandleAsync(HttpContext context, string token)
    {
        var (body, readError) = await TikTokHttp.ReadObjectAsync(context);
        if (body is null)
        {
            await TikTokHttp.ErrorAsync(context, readError!);
            return;
        }

        var (mapping, error) = TikTokMappingParser.Parse(body, options.MaxMappingRows);
        error ??= Authorize(token, mapping!.AdvertiserIds);
        error ??= FindUnknownAudience(mapping!);
        if (error is not null)
        {
            await TikTokHttp.ErrorAsync(context, error);
            return;
        }

        state.Apply(mapping!.Add, mapping.Entries);
        await TikTokHttp.OkAsync(context, []);
    }

    private TikTokError? Authorize(string token, IReadOnlyList<string> advertiserIds)
    {
        var denied = advertiserIds.FirstOrDefault(id => !state.IsAuthorized(token, id));
        return denied is null
            ? null
            : new TikTokError(TikTokCodes.AdvertiserNotAuthorized, $"The core user is invalid: the access token is not authorized for advertiser {denied}.");
    }

    private TikTokError? FindUnknownAudience(TikTokMapping mapping)
    {
        foreach (var audienceId in mapping.Entries.SelectMany(e => e.AudienceIds).Distinct(StringComparer.Ordinal))
        {
            var audience = state.Find(audienceId, mapping.AdvertiserIds);
            if (audience is null)
            {
                return new TikTokError(TikTokCodes.NotFound, $"Audience {audienceId} does not exist for the given advertiser_ids.");
            }

            // Only partner audiences (made through the segment API) take mapped ids; a customer-file or lookalike
            // audience is changed through its own API (docs/providers/tiktok.md).
            if (audience.Kind != TikTokAudience.PartnerKind)
            {
                return new TikTokError(TikTokCodes.ParameterError, $"Audience {audienceId} is not a partner audience; ids can only be mapped into partner audiences.");
            }
        }

        return null;
    }
}
