using AudienceRelay.Server.Memory;
using Microsoft.Extensions.Options;

namespace AudienceRelay.Server.Uploads;

/// <summary>
/// Bounds the uploads being read and stored at once (<c>Ingress:MaxConcurrentUploads</c>). A request
/// over the bound is answered at once with 503 and <c>Retry-After</c> instead of queueing its body in memory.
/// What each upload held is reported to <see cref="MemoryReturn"/> when its slot is released, and the gate is
/// quiet for it while no upload holds a slot.
/// </summary>
internal sealed class UploadGate : IDisposable
{
    // An upload holds its users' bytes about three times at its peak: as read, as the payload of usable users, and sealed.
    private const int CopiesPerUsersByte = 3;

    private readonly SemaphoreSlim _slots;
    private readonly MemoryReturn _memory;

    public UploadGate(IOptions<IngressOptions> options, MemoryReturn memory)
    {
        Limit = options.Value.MaxConcurrentUploads;
        _slots = new SemaphoreSlim(Limit, Limit);
        _memory = memory;
        memory.AddQuietCheck(() => _slots.CurrentCount == Limit);
    }

    public int Limit { get; }

    /// <summary>A slot to release when the upload is stored or refused, or null when every slot is taken.</summary>
    public Slot? TryEnter() => _slots.Wait(0) ? new Slot(this) : null;

    public void Dispose() => _slots.Dispose();

    internal sealed class Slot(UploadGate gate) : IDisposable
    {
        private int _released;
        private long _usersBytes;

        /// <summary>The upload's users field was read: this many bytes, held until the slot is released.</summary>
        public void Holds(long usersBytes) => _usersBytes = usersBytes;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate._slots.Release();
                gate._memory.Released(_usersBytes * CopiesPerUsersByte);
            }
        }
    }
}
