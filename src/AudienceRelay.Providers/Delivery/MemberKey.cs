namespace AudienceRelay.Providers.Delivery;

/// <summary>
/// One member of a primary audience as the membership ledger keeps it: the identifier type the platform
/// knows it by (<c>EMAIL_SHA256</c>, <c>EMAIL</c>, …) and the lower-case hex SHA-256 of the normalized
/// value. Only digests are kept, never the raw value.
/// </summary>
public sealed record MemberKey(string IdType, string Hash);
