-- Schedules: cron and interval schedules whose runs are normal jobs (see
-- jobplane/server/schedules). A run is tied to its schedule only by its request_id
-- (unique per tenant in `jobs`), which is what makes a run exist at most once per
-- nominal time across replicas; so there is no foreign key to `jobs`.
CREATE TABLE schedules (
    tenant text NOT NULL,
    id text NOT NULL,
    spec text NOT NULL,
    job bytea NOT NULL,
    job_type text NOT NULL,
    job_labels text NOT NULL,
    overlap integer NOT NULL,
    catchup_s double precision NOT NULL,
    paused boolean NOT NULL,
    note text NOT NULL,
    create_time double precision NOT NULL,
    update_time double precision NOT NULL,
    revision bigint NOT NULL,
    next_time double precision,
    wake_time double precision,
    buffered_time double precision,
    last_run_time double precision,
    last_job_id text NOT NULL,
    run_count bigint NOT NULL,
    missed_count bigint NOT NULL,
    overlap_skip_count bigint NOT NULL,
    PRIMARY KEY (tenant, id)
);
-- Replicas take due schedules soonest first with FOR UPDATE SKIP LOCKED.
CREATE INDEX schedules_wake ON schedules (wake_time) WHERE NOT paused;
