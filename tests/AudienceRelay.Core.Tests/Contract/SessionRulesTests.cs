using AudienceRelay.Core.Contract;

namespace AudienceRelay.Core.Tests.Contract;

/// <summary>
/// The session rules on their own, without a store: each fixed field, the sequence range before and after the base is
/// known, a complete session, and how the base is learned. The messages are the API's, word for word.
/// </summary>
public sealed class SessionRulesTests
{
    private static readonly SessionSoFar Started = new("shoppers", AudienceType.Custom, DisablePrefix: false, TotalBatches: 3, BatchesSeen: 1, SequenceBase: null);

    [Theory]
    [InlineData("name", "name")]
    [InlineData("type", "type")]
    [InlineData("batch.totalBatches", "totalBatches")]
    [InlineData("disablePrefix", "disablePrefix")]
    public void A_fixed_field_that_differs_from_the_first_batch_is_a_conflict_naming_it(string field, string label)
    {
        var batch = field switch
        {
            "name" => Batch(1, name: "buyers"),
            "type" => Batch(1, type: AudienceType.Primary),
            "batch.totalBatches" => Batch(1, totalBatches: 4),
            _ => Batch(1, disablePrefix: true),
        };

        var violation = SessionRules.Check(Started, batch);

        Assert.Equal(
            new SessionViolation(field, $"{field}: session 7 was started with a different {label}; every batch of a session must carry the same one.", SessionViolationKind.Conflict),
            violation);
    }

    [Fact]
    public void The_name_is_checked_before_the_other_fields()
    {
        var violation = SessionRules.Check(Started, Batch(1, name: "buyers", type: AudienceType.Primary, totalBatches: 9, disablePrefix: true));

        Assert.Equal("name", violation?.Field);
    }

    [Fact]
    public void A_session_that_has_all_its_batches_takes_no_other()
    {
        var complete = Started with { BatchesSeen = 3, SequenceBase = 0 };

        var violation = SessionRules.Check(complete, Batch(2));

        Assert.Equal(new SessionViolation("batch.sequence", "batch.sequence: session 7 already has all 3 batches.", SessionViolationKind.OutOfRange), violation);
    }

    [Theory]
    [InlineData(null, -1, "0..3")]
    [InlineData(null, 4, "0..3")]
    [InlineData(0, 3, "0..2")]
    [InlineData(0, -1, "0..2")]
    [InlineData(1, 0, "1..3")]
    [InlineData(1, 4, "1..3")]
    public void A_sequence_outside_the_sessions_range_is_out_of_range(int? sequenceBase, long sequence, string range)
    {
        var violation = SessionRules.Check(Started with { SequenceBase = sequenceBase }, Batch(sequence));

        Assert.Equal(new SessionViolation("batch.sequence", $"batch.sequence: {sequence} is outside this session's range {range}.", SessionViolationKind.OutOfRange), violation);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(null, 3)]
    [InlineData(0, 0)]
    [InlineData(0, 2)]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    public void A_sequence_inside_the_range_fits(int? sequenceBase, long sequence)
    {
        Assert.Null(SessionRules.Check(Started with { SequenceBase = sequenceBase }, Batch(sequence)));
    }

    [Fact]
    public void A_first_batch_starts_its_session_when_its_sequence_can_belong_to_it()
    {
        Assert.Null(SessionRules.Check(null, Batch(0, name: "anything", type: AudienceType.Primary, totalBatches: 5)));
        Assert.Null(SessionRules.Check(null, Batch(5, totalBatches: 5)));
        Assert.Equal(SessionViolationKind.OutOfRange, SessionRules.Check(null, Batch(6, totalBatches: 5))?.Kind);
    }

    [Theory]
    [InlineData(null, 0, 3, 0)]
    [InlineData(null, 3, 3, 1)]
    [InlineData(null, 1, 3, null)]
    [InlineData(null, 2, 3, null)]
    [InlineData(0, 3, 3, 0)]
    [InlineData(1, 0, 3, 1)]
    [InlineData(null, 0, 1, 0)]
    [InlineData(null, 1, 1, 1)]
    public void The_base_is_learned_from_the_batch_that_settles_it_and_then_kept(int? known, long sequence, int totalBatches, int? expected)
    {
        Assert.Equal(expected, SessionRules.LearnBase(known, sequence, totalBatches));
    }

    private static IncomingBatch Batch(long sequence, string name = "shoppers", AudienceType type = AudienceType.Custom, int totalBatches = 3, bool disablePrefix = false) =>
        new(name, type, disablePrefix, new BatchInfo(SessionId: 7, sequence, totalBatches, TotalUsers: 30, PullDate: null));
}
