-- Sessions: one per batch.sessionId. The fixed fields (name, type, total_batches, prefix choice)
-- must not change between batches; sequence_base is learned from the first 0 or totalBatches seen.
CREATE TABLE sessions (
    session_id      INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    audience_name   TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    disable_prefix  INTEGER NOT NULL,
    total_batches   INTEGER NOT NULL,
    total_users     INTEGER NOT NULL,
    batches_seen    INTEGER NOT NULL,
    sequence_base   INTEGER NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- Batches: (session_id, sequence) is the idempotency key; content_hash tells a retry from a conflict.
-- payload holds the users encrypted (AES-GCM) until every delivery of the batch has ended.
CREATE TABLE batches (
    batch_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id      INTEGER NOT NULL REFERENCES sessions(session_id),
    sequence        INTEGER NOT NULL,
    content_hash    TEXT    NOT NULL,
    user_count      INTEGER NOT NULL,
    skipped_count   INTEGER NOT NULL,
    skipped_reasons TEXT    NOT NULL,
    instances       TEXT    NOT NULL,
    payload         BLOB    NULL,
    created_at      INTEGER NOT NULL,
    purged_at       INTEGER NULL,
    UNIQUE (session_id, sequence)
);

-- Deliveries: the queue. One row per batch and provider instance.
CREATE TABLE deliveries (
    delivery_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id         INTEGER NOT NULL REFERENCES batches(batch_id),
    session_id       INTEGER NOT NULL,
    instance         TEXT    NOT NULL,
    state            TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT    NULL,
    lease_token      TEXT    NULL,
    lease_until      INTEGER NULL,
    last_error       TEXT    NULL,
    users_sent       INTEGER NULL,
    users_skipped    INTEGER NULL,
    skipped_reasons  TEXT    NULL,
    platform_counts  TEXT    NULL,
    audience_id      TEXT    NULL,
    provider_state   TEXT    NULL,
    waiting          INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    finished_at      INTEGER NULL,
    UNIQUE (batch_id, instance)
);

CREATE INDEX deliveries_due ON deliveries (instance, state, next_attempt_at);
CREATE INDEX deliveries_session ON deliveries (session_id, instance, state);

-- Platform audience ids remembered per instance and final name.
CREATE TABLE audiences (
    instance      TEXT NOT NULL,
    audience_name TEXT NOT NULL,
    audience_id   TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (instance, audience_name)
);

-- Provider-side session counters (Meta's batch_seq), per our session and instance.
CREATE TABLE provider_sessions (
    session_id  INTEGER NOT NULL,
    instance    TEXT    NOT NULL,
    next_seq    INTEGER NOT NULL,
    PRIMARY KEY (session_id, instance)
);
