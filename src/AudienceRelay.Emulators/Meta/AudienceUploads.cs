namespace AudienceRelay.Emulators.Meta;

/// <summary>
/// The session rules of <c>/users</c> and <c>/usersreplace</c>. All methods run under the store's lock.
/// <list type="bullet">
/// <item><c>/users</c> (add or remove) applies rows at once; a session, when given, is only tracked.</item>
/// <item><c>/usersreplace</c> stages rows and swaps them in for the old members when <c>last_batch_flag</c> arrives.
/// Its first request must carry <c>batch_seq</c> 1 (else 2650/1870147); while it is open, other sessions and any
/// <c>/users</c> call get 2650/1870145 (busy) — field evidence, see providers.md §1.4.</item>
/// <item>Emulator choices where Meta's docs are silent: a batch_seq already received in a session is answered again
/// with its first answer and not re-applied (so a retried request is harmless); a gap (batch_seq beyond the next one)
/// is rejected with 2650 and no subcode, because delivery out of order is undocumented; a batch for a finished
/// replace session is rejected the same way; a batch of a replace session that timed out is answered 2650/1870147, as a
/// session Meta no longer knows.</item>
/// </list>
/// </summary>
internal static class AudienceUploads
{
    public static (UploadResult? Result, GraphError? Error) Apply(
        Audience audience, SessionKind kind, ParsedPayload payload, SessionInfo? session, DateTimeOffset now)
    {
        return kind == SessionKind.Replace
            ? Replace(audience, payload, session!, now)
            : AddOrRemove(audience, kind, payload, session, now);
    }

    public static void ExpireStaleReplace(Audience audience, DateTimeOffset now, TimeSpan? timeout)
    {
        if (audience.OpenReplace is { } open && timeout is { } limit && now - open.LastActivity > limit)
        {
            open.Close(UploadSession.Expired, now);
            audience.OpenReplace = null;
        }
    }

    private static (UploadResult?, GraphError?) AddOrRemove(
        Audience audience, SessionKind kind, ParsedPayload payload, SessionInfo? session, DateTimeOffset now)
    {
        if (audience.OpenReplace is not null)
        {
            return (null, GraphError.AudienceBusy());
        }

        var sessionId = session?.SessionId ?? Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tracked = audience.FindSession(sessionId);
        if (tracked is not null && tracked.Kind != kind)
        {
            return (null, GraphError.SessionRejected($"session_id {sessionId} already belongs to a {tracked.Kind.ToString().ToLowerInvariant()} session"));
        }

        var batchSeq = session?.BatchSeq ?? 1;
        if (tracked is not null && tracked.BatchResults.TryGetValue(batchSeq, out var earlier))
        {
            return (earlier, null);
        }

        foreach (var row in payload.Rows)
        {
            if (kind == SessionKind.Add)
            {
                audience.Members.Add(row);
            }
            else
            {
                audience.Members.Remove(row);
            }
        }

        if (tracked is null)
        {
            tracked = new UploadSession(sessionId, kind, now);
            audience.Sessions.Add(tracked);
        }

        var result = ResultOf(audience, sessionId, payload);
        tracked.Record(batchSeq, result, now);
        tracked.EstimatedNumTotal = session?.EstimatedNumTotal ?? tracked.EstimatedNumTotal;
        if (session is null || session.LastBatchFlag)
        {
            tracked.LastBatchFlagReceived = true;
            tracked.Close(UploadSession.Processed, now);
        }

        audience.UpdatedAt = now;
        return (result, null);
    }

    private static (UploadResult?, GraphError?) Replace(Audience audience, ParsedPayload payload, SessionInfo session, DateTimeOffset now)
    {
        if (audience.OpenReplace is { } open && open.SessionId != session.SessionId)
        {
            return (null, GraphError.AudienceBusy());
        }

        var tracked = audience.FindSession(session.SessionId);
        if (tracked is null)
        {
            if (session.BatchSeq != 1)
            {
                return (null, GraphError.ReplaceFirstBatchNotOne());
            }

            tracked = new UploadSession(session.SessionId, SessionKind.Replace, now) { Staged = new MemberSet() };
            audience.Sessions.Add(tracked);
            audience.OpenReplace = tracked;
        }
        else if (tracked.Kind != SessionKind.Replace)
        {
            return (null, GraphError.SessionRejected($"session_id {session.SessionId} already belongs to a {tracked.Kind.ToString().ToLowerInvariant()} session"));
        }
        else if (tracked.Stage == UploadSession.Expired)
        {
            // Meta dropped the session after its time-out and no longer knows it: to Meta this request is the start of
            // a session that did not begin with batch_seq 1 (emulator choice: the answer for an expired session is not
            // documented; this is the only answer Meta documents for a replace it cannot continue).
            return (null, GraphError.ReplaceFirstBatchNotOne());
        }
        else if (tracked.BatchResults.TryGetValue(session.BatchSeq, out var earlier))
        {
            return (earlier, null);
        }
        else if (!tracked.IsOpen)
        {
            return (null, GraphError.SessionRejected($"replace session {session.SessionId} has already ended ({tracked.Stage})"));
        }
        else if (session.BatchSeq != tracked.BatchSeqs.Max + 1)
        {
            return (null, GraphError.SessionRejected($"batch_seq {session.BatchSeq} is out of order; the next batch of this session is {tracked.BatchSeqs.Max + 1}"));
        }

        foreach (var row in payload.Rows)
        {
            tracked.Staged!.Add(row);
        }

        var result = ResultOf(audience, session.SessionId, payload);
        tracked.Record(session.BatchSeq, result, now);
        tracked.EstimatedNumTotal = session.EstimatedNumTotal ?? tracked.EstimatedNumTotal;
        if (session.LastBatchFlag)
        {
            audience.Members.ReplaceWith(tracked.Staged!);
            tracked.LastBatchFlagReceived = true;
            tracked.Close(UploadSession.Processed, now);
            audience.OpenReplace = null;
            audience.UpdatedAt = now;
        }

        return (result, null);
    }

    private static UploadResult ResultOf(Audience audience, string sessionId, ParsedPayload payload) =>
        new(audience.Id, sessionId, payload.NumReceived, payload.NumInvalidEntries, payload.InvalidEntrySamples);
}
