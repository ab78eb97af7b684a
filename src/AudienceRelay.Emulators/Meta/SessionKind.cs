namespace AudienceRelay.Emulators.Meta;

/// <summary>Which edge an upload session belongs to.</summary>
internal enum SessionKind
{
    Add,
    Remove,
    Replace,
}
