namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// The body of <c>POST /act_{id}/customaudiences</c> for a customer-file audience
/// (https://developers.facebook.com/docs/marketing-api/reference/ad-account/customaudiences).
/// </summary>
internal sealed record NewAudience(string Name, string Subtype, string CustomerFileSource, string Description, bool? IsValueBased);
