namespace AudienceRelay.Providers.Facebook;

/// <summary>
/// The JSON body of <c>POST /{audience_id}/users</c> and <c>/usersreplace</c>: <c>{"payload":{...},"session":{...}}</c>
/// (https://developers.facebook.com/docs/marketing-api/reference/custom-audience/users).
/// </summary>
internal sealed record UsersBody(UsersPayload Payload, UsersSession Session);
