namespace AudienceRelay.Core.Normalization;

/// <summary>
/// Per-batch counters for "users skipped and why" and "fields dropped and why": numbers and enum
/// names only, never personal data. Not thread-safe (one per batch).
/// </summary>
public sealed class NormalizationReport
{
    private static readonly FieldDrops[] AllDrops = Enum.GetValues<FieldDrops>().Where(d => d != FieldDrops.None).ToArray();

    private readonly Dictionary<FieldDrops, int> _drops = [];
    private readonly Dictionary<SkipReason, int> _skips = [];

    public int Users { get; private set; }

    public int Usable { get; private set; }

    public int Skipped => Users - Usable;

    /// <summary>Skipped users by reason (only reasons that occurred).</summary>
    public IReadOnlyDictionary<SkipReason, int> SkippedByReason => _skips;

    /// <summary>Dropped fields by reason, one flag per key (only reasons that occurred).</summary>
    public IReadOnlyDictionary<FieldDrops, int> DroppedFields => _drops;

    public void Add(MatchKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Users++;
        if (keys.IsUsable)
        {
            Usable++;
        }
        else
        {
            _skips[keys.SkipReason] = _skips.GetValueOrDefault(keys.SkipReason) + 1;
        }

        if (keys.Drops == FieldDrops.None)
        {
            return;
        }

        foreach (var drop in AllDrops)
        {
            if ((keys.Drops & drop) != 0)
            {
                _drops[drop] = _drops.GetValueOrDefault(drop) + 1;
            }
        }
    }

    public int Dropped(FieldDrops drop) => _drops.GetValueOrDefault(drop);
}
