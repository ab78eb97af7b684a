-- The same change, number and meaning as Migrations/Postgres/007_operations.sql: the W3C trace context of the upload
-- that stored a batch (so its deliveries, on any node, join the upload's trace), and a record of every operator
-- action (retry, cancel) with when and which key name.
ALTER TABLE batches ADD COLUMN trace_parent TEXT NULL;

CREATE TABLE operator_actions (
    action_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id  INTEGER NOT NULL,
    delivery_id INTEGER NULL,
    action      TEXT    NOT NULL,
    key_name    TEXT    NOT NULL,
    affected    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE INDEX operator_actions_session ON operator_actions (session_id, action_id);
CREATE INDEX sessions_created ON sessions (created_at);
