namespace AudienceRelay.Cli;

/// <summary>A command line that parses but makes no sense (exit code 2). The message is shown as is.</summary>
internal sealed class UsageException(string message) : Exception(message);
