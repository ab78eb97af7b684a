namespace AudienceRelay.Core.Contract;

/// <summary>The seed's <c>type</c> field.</summary>
public enum AudienceType
{
    /// <summary>A named segment: users are added.</summary>
    Custom,

    /// <summary>The complete customer list: a complete session replaces the audience.</summary>
    Primary,
}
