-- The same change, number and meaning as Migrations/Postgres/005_open_deliveries.sql.

-- Claims, the session gate and NextDue read open deliveries only: partial indexes keep their cost the
-- size of open work, however many finished deliveries the table holds.
CREATE INDEX deliveries_open_due ON deliveries (instance, next_attempt_at, delivery_id) WHERE state IN ('pending', 'leased');
CREATE INDEX deliveries_open_session ON deliveries (session_id, instance, delivery_id) WHERE state IN ('pending', 'leased');
CREATE INDEX deliveries_open_next ON deliveries (next_attempt_at) WHERE state IN ('pending', 'leased');
-- Retention finds old finished work by its end time.
CREATE INDEX deliveries_finished ON deliveries (finished_at) WHERE finished_at IS NOT NULL;

-- The state values, as PostgreSQL's CHECK has them. SQLite cannot add a CHECK to an existing table
-- without rebuilding it, so triggers enforce the same rule on databases created before this migration.
CREATE TRIGGER deliveries_state_insert BEFORE INSERT ON deliveries
WHEN NEW.state NOT IN ('pending', 'leased', 'succeeded', 'failed', 'dead')
BEGIN SELECT RAISE(ABORT, 'deliveries.state must be pending, leased, succeeded, failed or dead'); END;
CREATE TRIGGER deliveries_state_update BEFORE UPDATE OF state ON deliveries
WHEN NEW.state NOT IN ('pending', 'leased', 'succeeded', 'failed', 'dead')
BEGIN SELECT RAISE(ABORT, 'deliveries.state must be pending, leased, succeeded, failed or dead'); END;
