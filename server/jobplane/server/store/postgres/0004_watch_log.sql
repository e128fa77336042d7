-- The WatchJobs log: every status change of every job, with the job after it, in one
-- order across replicas. Positions are taken under a transaction-level advisory lock
-- held from the log insert to COMMIT (store/postgres/commit.py), so a position becomes
-- visible only after every smaller one: a reader following ``position > last`` never
-- skips a row that commits late. ``watch_floor`` is the last position pruned.
CREATE TABLE watch_log (
    position     bigserial PRIMARY KEY,
    commit_time  double precision NOT NULL,
    job_id       text NOT NULL,
    seq          bigint NOT NULL,
    event        text NOT NULL,
    job          text NOT NULL
);
CREATE INDEX watch_log_time ON watch_log (commit_time);
CREATE TABLE watch_floor (
    id        int PRIMARY KEY CHECK (id = 1),
    position  bigint NOT NULL
);
