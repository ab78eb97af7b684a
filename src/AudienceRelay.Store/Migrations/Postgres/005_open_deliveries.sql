-- The same change, number and meaning as Migrations/Sqlite/005_open_deliveries.sql.

-- Claims and the session gate read open deliveries only: partial indexes keep their cost the size of
-- open work, however many finished deliveries the table holds. (deliveries_open, from 001, serves NextDue.)
CREATE INDEX deliveries_open_due ON deliveries (instance, next_attempt_at, delivery_id) WHERE state IN ('pending', 'leased');
CREATE INDEX deliveries_open_session ON deliveries (session_id, instance, delivery_id) WHERE state IN ('pending', 'leased');
-- Retention finds old finished work by its end time.
CREATE INDEX deliveries_finished ON deliveries (finished_at) WHERE finished_at IS NOT NULL;
-- The state CHECK is in 001 here already.
