-- The same change, number and meaning as Migrations/Postgres/004_payload_key_check.sql. (SQLite has no
-- 003: PostgreSQL's 002 rate buckets live in process on one node, and the numbers of the two folders
-- are the same from 004 on.)

-- The key check: which key seals this store's payloads, as a key id and a MAC of a constant under the
-- key (never the key itself). A node whose key does not match refuses to start.
CREATE TABLE payload_key_check (
    singleton   INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    key_id      TEXT    NOT NULL,
    key_check   TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL
);
