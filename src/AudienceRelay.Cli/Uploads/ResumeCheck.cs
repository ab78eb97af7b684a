using System.Globalization;
using AudienceRelay.Client;

namespace AudienceRelay.Cli.Uploads;

/// <summary>
/// Decides whether <c>--resume</c> may continue the upload a resume file describes: same file, and nothing on the
/// command line that would send the batches differently.
/// </summary>
internal static class ResumeCheck
{
    public static ResumeState? Check(UploadSettings settings, ResumeState? previous)
    {
        if (!settings.Resume)
        {
            return null;
        }

        if (previous is null)
        {
            throw new UsageException($"--resume: there is no unfinished upload of {settings.File} (no resume file in the state directory; see docs/cli.md).");
        }

        var (length, modified) = ResumeStateFile.Fingerprint(settings.File);
        if (previous.FileLength != length || previous.FileModifiedUtc != modified)
        {
            throw new UsageException($"--resume: {settings.File} changed since the interrupted upload; start a new upload without --resume.");
        }

        if (settings.Name is { } name && name != previous.Name)
        {
            throw new UsageException($"--resume: the interrupted upload was for audience \"{previous.Name}\", not \"{name}\".");
        }

        if (settings.Type is { } type && TypeName(type) != previous.Type)
        {
            throw new UsageException($"--resume: the interrupted upload was of type {previous.Type}, not {TypeName(type)}.");
        }

        if (settings.DisablePrefix && !previous.DisablePrefix)
        {
            throw new UsageException("--resume: the interrupted upload was without --disable-prefix; its audience name must stay the same.");
        }

        if (settings.SessionId is { } session && session != previous.SessionId)
        {
            throw new UsageException(Invariant($"--resume: the interrupted upload is session {previous.SessionId}, not {session}."));
        }

        if (settings.BatchSize is { } size && size != previous.BatchSize)
        {
            throw new UsageException(Invariant($"--resume: the interrupted upload used --batch-size {previous.BatchSize}; batches must be cut the same way."));
        }

        return previous;
    }

    public static string TypeName(AudienceKind type) => type == AudienceKind.Primary ? "primary" : "custom";

    public static AudienceKind ParseType(string type) => type == "primary" ? AudienceKind.Primary : AudienceKind.Custom;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
