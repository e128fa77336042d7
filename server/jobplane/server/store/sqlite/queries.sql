-- Named queries of the SQLite store (see store/queries.py for the placeholders).
-- "{marks}" is one "?" per column and "{mutable}" the "column = ?" list of the
-- columns an update may change, both in codec.COLUMNS order (sqlite/ops.py).

-- name: get
SELECT {cols} FROM jobs WHERE id = ?

-- name: get_in_tenant
-- A job of another tenant is no row, found like a missing id: the row is never
-- read out or decoded, so the answer's timing does not tell that the id exists.
SELECT {cols} FROM jobs WHERE id = ? AND tenant = ?

-- name: find_request
-- The job already holding a (tenant, request_id).
SELECT {cols} FROM jobs WHERE tenant = ? AND request_id = ?

-- name: insert
INSERT INTO jobs ({cols}) VALUES ({marks})

-- name: save
-- A job's id, tenant, type, create time and request id never change: leaving them out
-- of the SET list spares SQLite the indexes built on them (3 of 9) on every update.
UPDATE jobs SET {mutable} WHERE id = ?

-- name: insert_event
INSERT OR REPLACE INTO events (job_id, seq, data) VALUES (?, ?, ?)

-- name: claim
-- Ready jobs in claim order (the jobs_queue index).
SELECT id FROM jobs WHERE status = {QUEUED} AND ready_time <= ?
ORDER BY {claim_order} LIMIT ?

-- name: claim_for
-- claim, for a worker of some types (a JSON array; NULL: any) and one tenant (NULL:
-- any). SQLite evaluates the json_each subquery once.
SELECT id FROM jobs WHERE status = {QUEUED} AND ready_time <= :now
    AND (:types IS NULL OR type IN (SELECT value FROM json_each(:types)))
    AND (:tenant IS NULL OR tenant = :tenant)
ORDER BY {claim_order} LIMIT :limit

-- name: ahead
-- Ready jobs a new job would queue behind, in claim order. The range on eff_priority
-- lets the scan stop at the new job; the NOT (...) drops the jobs after it in claim
-- order among those of its own effective priority.
SELECT id FROM jobs WHERE status = {QUEUED} AND ready_time <= ? AND eff_priority >= ? AND NOT
    (eff_priority = ? AND (create_time > ? OR (create_time = ? AND id >= ?)))
ORDER BY {claim_order} LIMIT ?

-- name: ahead_for
-- ahead, with claim_for's filter.
SELECT id FROM jobs WHERE status = {QUEUED} AND ready_time <= :now AND eff_priority >= :p
    AND NOT (eff_priority = :p AND (create_time > :t OR (create_time = :t AND id >= :id)))
    AND (:types IS NULL OR type IN (SELECT value FROM json_each(:types)))
    AND (:tenant IS NULL OR tenant = :tenant)
ORDER BY {claim_order} LIMIT :limit

-- name: progress
-- Fenced by (RUNNING, attempt): a stale attempt writes nothing.
UPDATE jobs SET progress = ?, sequence = sequence + 1, update_time = ?
WHERE id = ? AND status = {RUNNING} AND attempt = ? RETURNING sequence

-- name: checkpoint
UPDATE jobs SET data = json_set(data, '$.checkpoint', json(?))
WHERE id = ? AND status = {RUNNING} AND attempt = ?

-- name: due_retry
-- The IN term repeats the jobs_due index's condition: SQLite uses a partial index only
-- when the query's WHERE clause contains its condition (status = x does not imply it).
SELECT {cols} FROM jobs WHERE status IN ({QUEUED}, {RETRYING}) AND status = {RETRYING}
    AND ready_time <= ?

-- name: due_expire
SELECT {cols} FROM jobs WHERE expire_time IS NOT NULL AND expire_time <= ?
    AND status IN ({QUEUED}, {PAUSED})

-- name: rescue
-- Running or half-rescued jobs whose lease is ?'s or has expired.
SELECT {cols} FROM jobs WHERE status IN ({RUNNING}, {STALLED})
    AND (lease_owner = ? OR lease_expire < ?)

-- name: rescue_all
SELECT {cols} FROM jobs WHERE status IN ({RUNNING}, {STALLED})

-- name: renew
UPDATE jobs SET lease_expire = ? WHERE id = ? AND attempt = ?
    AND status = {RUNNING} AND lease_owner = ?

-- name: events_after
SELECT seq, data FROM events WHERE job_id = ? AND seq > ? ORDER BY seq

-- name: next_due
SELECT MIN(t) FROM (
    SELECT MIN(ready_time) AS t FROM jobs WHERE status IN ({QUEUED}, {RETRYING})
        AND ready_time > 0
    UNION ALL
    SELECT MIN(expire_time) FROM jobs WHERE expire_time IS NOT NULL
        AND status IN ({QUEUED}, {PAUSED}))

-- name: evict_old
SELECT id FROM jobs WHERE end_time IS NOT NULL AND end_time < ?
    AND status IN ({TERMINAL}) LIMIT ?

-- name: count_terminal
SELECT COUNT(*) FROM jobs WHERE end_time IS NOT NULL AND status IN ({TERMINAL})

-- name: evict_oldest
SELECT id FROM jobs WHERE end_time IS NOT NULL AND status IN ({TERMINAL})
ORDER BY end_time LIMIT ?

-- name: delete_events
DELETE FROM events WHERE job_id = ?

-- name: delete_job
DELETE FROM jobs WHERE id = ?

-- name: age
-- A queued job gains one point of effective priority per aging period waited.
UPDATE jobs SET eff_priority = MIN({MAX_PRIORITY}, priority + CAST((? - create_time) / ? AS INTEGER))
WHERE status = {QUEUED} AND eff_priority < {MAX_PRIORITY} AND create_time < ?

-- name: count
SELECT COUNT(*) FROM jobs

-- name: count_live
-- Jobs not yet terminal, by (type, status): the live-status gauges.
SELECT type, status, COUNT(*) FROM jobs WHERE status NOT IN ({TERMINAL}) GROUP BY type, status

-- name: count_queued
SELECT COUNT(*) FROM jobs WHERE tenant = ? AND status IN ({QUEUED}, {RETRYING}, {PAUSED})

-- name: delete_terminal
-- One job, if it is terminal (a live job is never deleted); its row as it was.
DELETE FROM jobs WHERE id = ? AND status IN ({TERMINAL}) RETURNING {cols}

-- name: log_insert
INSERT INTO watch_log (commit_time, job_id, seq, event, job) VALUES (?, ?, ?, ?, ?)

-- name: log_after
SELECT position, job_id, seq, event, job FROM watch_log WHERE position > ? ORDER BY position LIMIT ?

-- name: log_bounds
SELECT COALESCE((SELECT position FROM watch_floor WHERE id = 1), 0),
       COALESCE((SELECT MAX(position) FROM watch_log), 0)

-- name: log_prune_upto
-- The head's rows committed before the cutoff, at most {PRUNE_BATCH} per write (so a
-- prune never holds the writer long; the pruner repeats until none is left).
SELECT MAX(position) FROM (SELECT position, commit_time FROM watch_log ORDER BY position LIMIT {PRUNE_BATCH})
WHERE commit_time < ?

-- name: log_prune
DELETE FROM watch_log WHERE position <= ?

-- name: log_floor
INSERT INTO watch_floor (id, position) VALUES (1, ?)
ON CONFLICT (id) DO UPDATE SET position = MAX(position, excluded.position)

-- name: remember_types
INSERT OR IGNORE INTO job_types (name, first_seen) VALUES (?, ?)

-- name: known_types
SELECT name FROM job_types ORDER BY name
