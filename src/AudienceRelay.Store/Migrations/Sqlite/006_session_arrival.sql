-- The same change, number and meaning as Migrations/Postgres/006_session_arrival.sql.

-- arrival orders sessions by their first batch's arrival (client session ids say nothing about time):
-- of two primary sessions of one audience, the one that arrived later supersedes the other.
ALTER TABLE sessions ADD COLUMN arrival INTEGER NULL;
UPDATE sessions SET arrival = r.n
FROM (SELECT session_id, ROW_NUMBER() OVER (ORDER BY created_at, session_id) AS n FROM sessions) AS r
WHERE r.session_id = sessions.session_id;
CREATE INDEX sessions_audience ON sessions (audience_name, type, arrival);
-- Retention finds old sessions by their last batch.
CREATE INDEX sessions_updated ON sessions (updated_at);

-- closed_reason: 'abandoned' for an incomplete primary session that retention closed.
ALTER TABLE sessions ADD COLUMN closed_reason TEXT NULL CHECK (closed_reason IN ('abandoned'));
ALTER TABLE sessions ADD COLUMN closed_at INTEGER NULL;
