using AudienceRelay.Core.Contract;

namespace AudienceRelay.Providers.Delivery;

/// <summary>What an audience is looked up or created by: the final name (prefix already applied) and the type.</summary>
public sealed record AudienceRequest(string AudienceName, AudienceType Type);
