-- Membership ledger of primary audiences on platforms without a replace (TikTok segments, Klaviyo lists):
-- the keys each primary session recorded, per instance and final audience name. A key is an identifier type
-- and the SHA-256 hex of the normalized value; raw values are never stored here.
CREATE TABLE primary_members (
    instance      TEXT    NOT NULL,
    audience_name TEXT    NOT NULL,
    session_id    INTEGER NOT NULL,
    id_type       TEXT    NOT NULL,
    hash          TEXT    NOT NULL,
    PRIMARY KEY (instance, audience_name, session_id, id_type, hash)
) WITHOUT ROWID;

-- The audience's last complete primary session whose removals were done: the next session removes the
-- keys of this one that it does not contain.
CREATE TABLE primary_baselines (
    instance      TEXT    NOT NULL,
    audience_name TEXT    NOT NULL,
    session_id    INTEGER NOT NULL,
    committed_at  INTEGER NOT NULL,
    PRIMARY KEY (instance, audience_name)
);
