using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AudienceRelay.Cli.Uploads;

/// <summary>
/// The resume file of one input. It lives in the user's state directory (<c>$XDG_STATE_HOME/audience-relay/</c>,
/// by default <c>~/.local/state/audience-relay/</c>), never beside the input (which may sit in a repository or a
/// read-only folder), named after the input and a hash of its full path: <c>users.csv.1a2b3c4d5e6f7a8b.json</c>.
/// It is rewritten (to a temporary file, then moved over the old one, so a crash never leaves half a file) after
/// every acknowledged batch.
/// </summary>
internal sealed class ResumeStateFile(string inputPath, Func<string, string?> environment, Action<string> warn)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SortedSet<int> completed = [];
    private ResumeState? state;
    private bool broken;

    public string Path { get; } = PathFor(inputPath, environment);

    /// <summary>Where the resume file of <paramref name="inputPath"/> is kept.</summary>
    public static string PathFor(string inputPath, Func<string, string?> environment)
    {
        var full = System.IO.Path.GetFullPath(inputPath);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        return System.IO.Path.Combine(StateDirectory(environment), $"{System.IO.Path.GetFileName(full)}.{key}.json");
    }

    /// <summary>The XDG base directory rule: <c>XDG_STATE_HOME</c> when it is an absolute path, else <c>~/.local/state</c>.</summary>
    public static string StateDirectory(Func<string, string?> environment)
    {
        var xdg = environment("XDG_STATE_HOME");
        var root = !string.IsNullOrEmpty(xdg) && System.IO.Path.IsPathRooted(xdg)
            ? xdg
            : System.IO.Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return System.IO.Path.Combine(root, "audience-relay");
    }

    public int CompletedCount
    {
        get
        {
            lock (completed)
            {
                return completed.Count;
            }
        }
    }

    public static (long Length, DateTimeOffset ModifiedUtc) Fingerprint(string path)
    {
        var info = new FileInfo(path);
        return (info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
    }

    /// <summary>Reads the file; an unreadable one is an error when <paramref name="required"/>, else ignored (it will be replaced).</summary>
    public ResumeState? Load(bool required)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(Path);
            return JsonSerializer.Deserialize(stream, CliJsonContext.Default.ResumeState);
        }
        catch (JsonException) when (!required)
        {
            return null;
        }
        catch (JsonException)
        {
            throw new UsageException($"{Path} is not a resume file this version can read; delete it to start a new upload.");
        }
    }

    public async Task StartAsync(ResumeState initial)
    {
        lock (completed)
        {
            completed.Clear();
            completed.UnionWith(initial.Completed);
        }

        state = initial;
        await gate.WaitAsync();
        try
        {
            await WriteAsync();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Records an acknowledged batch. Not cancellable: an acknowledgement must not be lost to a Ctrl+C.</summary>
    public async Task MarkCompletedAsync(int sequence)
    {
        lock (completed)
        {
            completed.Add(sequence);
        }

        await gate.WaitAsync();
        try
        {
            await WriteAsync();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Delete()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    private async Task WriteAsync()
    {
        if (state is null || broken)
        {
            return;
        }

        ResumeState snapshot;
        lock (completed)
        {
            snapshot = state with { Completed = [.. completed] };
        }

        var temporary = Path + ".tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, snapshot, CliJsonContext.Default.ResumeState);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The upload itself can go on; only --resume after an interruption is lost.
            broken = true;
            warn($"cannot write the resume file {Path} ({exception.GetType().Name}); an interrupted upload will not be resumable.");
        }
    }
}
