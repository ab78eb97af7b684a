namespace AudienceRelay.Core.Normalization;

/// <summary>Why a whole user is not sent to any platform.</summary>
public enum SkipReason
{
    /// <summary>The user is usable.</summary>
    None = 0,

    /// <summary>After normalization the user has none of email, phone, edgeTagId.</summary>
    NoIdentifier = 1,
}
