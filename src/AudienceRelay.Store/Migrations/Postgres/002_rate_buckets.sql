-- One token bucket per provider instance, shared by every node (PostgreSQL only: a single SQLite node
-- limits its rate in process). tokens is what was left after the last take at refreshed_at, by the
-- database's clock so that nodes with skewed clocks agree; granted says whether that take got its
-- tokens, so one UPDATE ... RETURNING can answer.
CREATE TABLE rate_buckets (
    instance     text             PRIMARY KEY,
    tokens       double precision NOT NULL,
    refreshed_at timestamptz      NOT NULL,
    granted      boolean          NOT NULL
);
