using AudienceRelay.Providers.Delivery;

namespace AudienceRelay.Providers.TikTok;

/// <summary>
/// Classifies TikTok's body codes (https://business-api.tiktok.com/portal/docs?id=1737172488964097, providers.md §2.6).
/// TikTok sends no Retry-After, so throttles carry no wait hint and server errors wait the 5 minutes TikTok suggests.
/// </summary>
internal static class TikTokCodes
{
    public const int Ok = 0;
    public const int PartialSuccess = 20001;

    private static readonly TimeSpan ServiceErrorWait = TimeSpan.FromMinutes(5);

    public static DeliveryOutcome Classify(int code, string? message)
    {
        var detail = $"TikTok code {code}: {message ?? "no message"}";
        return code switch
        {
            40016 or 40100 or 40133 => new DeliveryOutcome.Retry(detail, Throttled: true),
            >= 50000 and < 60000 => new DeliveryOutcome.Retry(detail, ServiceErrorWait),
            40102 or 40104 or 40105 or 40106 => new DeliveryOutcome.Failed($"{detail} (check AccessToken and AdvertiserId)"),
            40001 => new DeliveryOutcome.Failed($"{detail} (the token lacks permission)"),
            40002 when IsBeingProcessed(message) => new DeliveryOutcome.Retry($"{detail} (the audience is being processed)", ServiceErrorWait),
            // The audience named in the call no longer exists (deleted in Ads Manager): the engine resolves the name again.
            40007 => new DeliveryOutcome.AudienceGone($"{detail} (the audience does not exist: it may have been deleted on TikTok)"),
            40011 => new DeliveryOutcome.Failed($"{detail} (too many ids in one request: MaxUsersPerRequest is set above what TikTok accepts; lower it)"),
            _ => new DeliveryOutcome.Failed(detail),
        };
    }

    // TikTok answers 40002 both for bad parameters and while an audience is being updated; only the message tells them apart.
    private static bool IsBeingProcessed(string? message) =>
        message is not null
        && (message.Contains("processing", StringComparison.OrdinalIgnoreCase)
            || message.Contains("being processed", StringComparison.OrdinalIgnoreCase)
            || message.Contains("being updated", StringComparison.OrdinalIgnoreCase));
}
