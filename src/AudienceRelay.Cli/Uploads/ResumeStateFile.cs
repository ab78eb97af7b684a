using System.Text.Json;

namespace AudienceRelay.Cli.Uploads;

/// <summary>
/// The resume file of one input, <c>FILE.audience-relay.json</c>. It is rewritten (to a temporary file, then moved
/// over the old one, so a crash never leaves half a file) after every acknowledged batch.
/// </summary>
internal sealed class ResumeStateFile(string inputPath, Action<string> warn)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SortedSet<int> completed = [];
    private ResumeState? state;
    private bool broken;

    public string Path { get; } = inputPath + ".audience-relay.json";

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
