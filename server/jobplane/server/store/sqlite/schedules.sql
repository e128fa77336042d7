-- Schedules (SQLite). Kept in their own table beside `jobs`: a run is a normal job,
-- and only its request_id ties it to the schedule, so no foreign key is needed.
-- name: schema
CREATE TABLE IF NOT EXISTS schedules (
    tenant TEXT NOT NULL,
    id TEXT NOT NULL,
    spec TEXT NOT NULL,
    job BLOB NOT NULL,
    job_type TEXT NOT NULL,
    job_labels TEXT NOT NULL,
    overlap INTEGER NOT NULL,
    catchup_s REAL NOT NULL,
    paused INTEGER NOT NULL,
    note TEXT NOT NULL,
    create_time REAL NOT NULL,
    update_time REAL NOT NULL,
    revision INTEGER NOT NULL,
    next_time REAL,
    wake_time REAL,
    buffered_time REAL,
    last_run_time REAL,
    last_job_id TEXT NOT NULL,
    run_count INTEGER NOT NULL,
    missed_count INTEGER NOT NULL,
    overlap_skip_count INTEGER NOT NULL,
    PRIMARY KEY (tenant, id)
);
-- The scheduler's one question: what is due now, soonest first.
CREATE INDEX IF NOT EXISTS schedules_wake ON schedules (wake_time) WHERE NOT paused;

-- name: insert
INSERT INTO schedules ({schedule_cols}) VALUES ({marks}) ON CONFLICT (tenant, id) DO NOTHING

-- name: get
SELECT {schedule_cols} FROM schedules WHERE tenant = ? AND id = ?

-- name: get_any
SELECT {schedule_cols} FROM schedules WHERE id = ? ORDER BY tenant LIMIT 1

-- name: page
SELECT {schedule_cols} FROM schedules WHERE (? IS NULL OR tenant = ?) AND (tenant, id) > (?, ?)
ORDER BY tenant, id LIMIT ?

-- name: update_config
UPDATE schedules SET {config} WHERE tenant = {config_tenant} AND id = {config_id}

-- name: save_cursor
UPDATE schedules SET {cursor} WHERE tenant = {cursor_tenant} AND id = {cursor_id} AND revision = {cursor_revision}

-- name: delete
DELETE FROM schedules WHERE tenant = ? AND id = ?

-- name: due
SELECT {schedule_cols} FROM schedules WHERE NOT paused AND wake_time <= ? ORDER BY wake_time LIMIT ?

-- name: wakes
SELECT tenant, id, wake_time FROM schedules WHERE NOT paused AND wake_time IS NOT NULL
ORDER BY wake_time LIMIT ?
