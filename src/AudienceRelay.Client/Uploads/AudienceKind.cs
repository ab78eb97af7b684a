namespace AudienceRelay.Client;

/// <summary>The <c>type</c> form field of <c>POST /audience</c>.</summary>
public enum AudienceKind
{
    /// <summary>A named segment: its users are added to the audience (<c>custom</c>, the default).</summary>
    Custom,

    /// <summary>The complete customer list: a complete session replaces the audience (<c>primary</c>).</summary>
    Primary,
}
