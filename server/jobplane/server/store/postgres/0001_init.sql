-- jobplane PostgreSQL schema, version 1: the same columns as the SQLite schema.
-- Times are POSIX seconds (double precision) so both stores share one codec.
-- Statuses are named ({QUEUED}, ...), filled in from JobStatus by store/queries.py.
CREATE TABLE jobs (
    id            text PRIMARY KEY,
    tenant        text NOT NULL,
    type          text NOT NULL,
    status        smallint NOT NULL,
    priority      integer NOT NULL,
    eff_priority  integer NOT NULL,
    ready_time    double precision NOT NULL,
    create_time   double precision NOT NULL,
    update_time   double precision NOT NULL,
    end_time      double precision,
    attempt       integer NOT NULL,
    max_attempts  integer NOT NULL,
    request_id    text,
    sequence      bigint NOT NULL,
    lease_owner   text NOT NULL DEFAULT '',
    lease_expire  double precision,
    expire_time   double precision,
    labels        jsonb NOT NULL,
    progress      text,
    data          text NOT NULL
);
-- Idempotency across replicas: the second of two racing inserts conflicts here.
CREATE UNIQUE INDEX jobs_request ON jobs (tenant, request_id) WHERE request_id IS NOT NULL;
-- Claims: queued jobs in claim order (queries.CLAIM_ORDER; a test keeps the two equal;
-- SKIP LOCKED walks this).
CREATE INDEX jobs_queue ON jobs (eff_priority DESC, create_time, id) WHERE status = {QUEUED};
-- Timers: retries due, scheduled starts, TTLs; leases of running jobs.
CREATE INDEX jobs_due ON jobs (status, ready_time) WHERE status IN ({QUEUED}, {RETRYING});
CREATE INDEX jobs_expire ON jobs (expire_time) WHERE expire_time IS NOT NULL;
CREATE INDEX jobs_live ON jobs (lease_expire) WHERE status IN ({RUNNING}, {STALLED});
-- ListJobs: newest first, per tenant, optionally per status or type.
CREATE INDEX jobs_list ON jobs (tenant, create_time DESC, id DESC);
CREATE INDEX jobs_list_status ON jobs (tenant, status, create_time DESC, id DESC);
CREATE INDEX jobs_list_type ON jobs (tenant, type, create_time DESC, id DESC);
-- Retention: terminal jobs, oldest end first.
CREATE INDEX jobs_terminal ON jobs (end_time) WHERE end_time IS NOT NULL;

-- Durable status events, for WatchProgress resumes and for replicas catching up.
CREATE TABLE events (
    job_id  text NOT NULL,
    seq     bigint NOT NULL,
    data    text NOT NULL,
    PRIMARY KEY (job_id, seq)
);
