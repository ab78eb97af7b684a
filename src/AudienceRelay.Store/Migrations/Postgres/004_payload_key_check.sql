-- The same change, number and meaning as Migrations/Sqlite/004_payload_key_check.sql.

-- The key check: which key seals this store's payloads, as a key id and a MAC of a constant under the
-- key (never the key itself). A node whose key does not match refuses to start.
CREATE TABLE payload_key_check (
    singleton   integer NOT NULL PRIMARY KEY CHECK (singleton = 1),
    key_id      text    NOT NULL,
    key_check   text    NOT NULL,
    recorded_at bigint  NOT NULL
);
