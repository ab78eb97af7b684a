-- The same tables and meaning as Migrations/Sqlite/002_primary_members.sql.

-- Membership ledger of primary audiences on platforms without a replace (TikTok segments, Klaviyo lists):
-- the keys each primary session recorded, per instance and final audience name. A key is an identifier type
-- and the SHA-256 hex of the normalized value; raw values are never stored here.
CREATE TABLE primary_members (
    instance      text   NOT NULL,
    audience_name text   NOT NULL,
    session_id    bigint NOT NULL,
    id_type       text   NOT NULL,
    hash          text   NOT NULL,
    PRIMARY KEY (instance, audience_name, session_id, id_type, hash)
);

-- The audience's last complete primary session whose removals were done: the next session removes the
-- keys of this one that it does not contain.
CREATE TABLE primary_baselines (
    instance      text   NOT NULL,
    audience_name text   NOT NULL,
    session_id    bigint NOT NULL,
    committed_at  bigint NOT NULL,
    PRIMARY KEY (instance, audience_name)
);
