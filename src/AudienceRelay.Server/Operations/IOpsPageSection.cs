namespace AudienceRelay.Server.Operations;

/// <summary>
/// An extra section of the operations page, added by whoever composes the server (the sandbox host shows what
/// each emulated platform holds). A section renders server-side HTML, escapes every value it shows
/// (<see cref="OpsHtml.E"/>) and never shows member values.
/// </summary>
internal interface IOpsPageSection
{
    string? Render();
}
