namespace AudienceRelay.Cli.Input;

/// <summary>
/// The first pass over a file: how many users it holds and which rows are bad, without keeping any user.
/// The totals of the upload session (<c>totalUsers</c>, <c>totalBatches</c>) come from here.
/// </summary>
internal sealed record InputScan(long Users, long BadRows, IReadOnlyList<InputRow> FirstBadRows)
{
    /// <summary>How many bad rows are listed one by one; the rest are only counted.</summary>
    public const int ListedBadRows = 20;

    public static InputScan Run(IUserSource source, CancellationToken cancellationToken)
    {
        long users = 0;
        long bad = 0;
        var listed = new List<InputRow>();
        foreach (var row in source.ReadRows())
        {
            if (row.User is not null)
            {
                users++;
                if ((users & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            else
            {
                bad++;
                if (listed.Count < ListedBadRows)
                {
                    listed.Add(row);
                }
            }
        }

        return new InputScan(users, bad, listed);
    }
}
