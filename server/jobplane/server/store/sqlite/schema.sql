-- jobplane SQLite schema, version 1. The nested parts of a job live in JSON columns;
-- everything a query filters or sorts on is a column of its own. Statuses are named
-- ({QUEUED}, ...), filled in from JobStatus by store/queries.py.
CREATE TABLE IF NOT EXISTS jobs (
    id            TEXT PRIMARY KEY,
    tenant        TEXT NOT NULL,
    type          TEXT NOT NULL,
    status        INTEGER NOT NULL,
    priority      INTEGER NOT NULL,
    eff_priority  INTEGER NOT NULL,
    ready_time    REAL NOT NULL,
    create_time   REAL NOT NULL,
    update_time   REAL NOT NULL,
    end_time      REAL,
    attempt       INTEGER NOT NULL,
    max_attempts  INTEGER NOT NULL,
    request_id    TEXT,
    sequence      INTEGER NOT NULL,
    lease_owner   TEXT NOT NULL DEFAULT '',
    lease_expire  REAL,
    expire_time   REAL,
    labels        TEXT NOT NULL,
    progress      TEXT,
    data          TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS jobs_request ON jobs (tenant, request_id)
    WHERE request_id IS NOT NULL;
-- Claims: queued jobs in claim order (queries.CLAIM_ORDER; a test keeps the two equal).
CREATE INDEX IF NOT EXISTS jobs_queue ON jobs (eff_priority DESC, create_time, id)
    WHERE status = {QUEUED};
-- Timers: retries due, scheduled starts, TTLs, leases.
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, ready_time) WHERE status IN ({QUEUED}, {RETRYING});
CREATE INDEX IF NOT EXISTS jobs_expire ON jobs (expire_time) WHERE expire_time IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_live ON jobs (status) WHERE status IN ({RUNNING}, {STALLED});
-- ListJobs: newest first, per tenant, optionally per status or type.
CREATE INDEX IF NOT EXISTS jobs_list ON jobs (tenant, create_time DESC, id DESC);
CREATE INDEX IF NOT EXISTS jobs_list_status ON jobs (tenant, status, create_time DESC, id DESC);
CREATE INDEX IF NOT EXISTS jobs_list_type ON jobs (tenant, type, create_time DESC, id DESC);
-- Retention: terminal jobs, oldest end first.
CREATE INDEX IF NOT EXISTS jobs_terminal ON jobs (end_time) WHERE end_time IS NOT NULL;

-- Durable status events, for WatchProgress resumes after a restart.
CREATE TABLE IF NOT EXISTS events (
    job_id   TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    data     TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;

-- The WatchJobs log: every status change of every job in commit order (the one
-- writer commits in position order), with the job after it; kept for the event
-- retention, then pruned from the head. ``watch_floor`` is the last position pruned:
-- a cursor below it asks for events no longer kept.
CREATE TABLE IF NOT EXISTS watch_log (
    position     INTEGER PRIMARY KEY AUTOINCREMENT,
    commit_time  REAL NOT NULL,
    job_id       TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    event        TEXT NOT NULL,
    job          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS watch_log_time ON watch_log (commit_time);
CREATE TABLE IF NOT EXISTS watch_floor (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    position  INTEGER NOT NULL
);

-- Job types remote workers polled or listened for: the server accepts jobs of these
-- types across restarts (see runtime/types.py).
CREATE TABLE IF NOT EXISTS job_types (
    name        TEXT PRIMARY KEY,
    first_seen  REAL NOT NULL
) WITHOUT ROWID;
