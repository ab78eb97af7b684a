namespace AudienceRelay.Cli;

/// <summary>The process exit codes scripts can rely on (documented in docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Everything was uploaded (and, with <c>--sync</c>, delivered).</summary>
    public const int Ok = 0;

    /// <summary>Some batch was not acknowledged, a provider failed, the server could not be reached, or the upload was interrupted.</summary>
    public const int UploadFailed = 1;

    /// <summary>Bad command line or bad input file; nothing, or only what is reported, was sent.</summary>
    public const int BadInput = 2;
}
