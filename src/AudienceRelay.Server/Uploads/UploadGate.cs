using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// Bounds the uploads being read and stored at once (<c>Ingress:MaxConcurrentUploads</c>). A request
/// over the bound is answered at once with 503 and <c>Retry-After</c> instead of queueing its body in memory.
/// </summary>
internal sealed class UploadGate(IOptions<IngressOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentUploads, options.Value.MaxConcurrentUploads);

    public int Limit { get; } = options.Value.MaxConcurrentUploads;

    /// <summary>A slot to release when the upload is stored or refused, or null when every slot is taken.</summary>
    public Slot? TryEnter() => _slots.Wait(0) ? new Slot(_slots) : null;

    public void Dispose() => _slots.Dispose();

    internal sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
