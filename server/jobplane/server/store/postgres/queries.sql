-- Named queries of the PostgreSQL store (see store/queries.py for the placeholders).

-- name: get
SELECT {cols} FROM jobs WHERE id = $1

-- name: get_in_tenant
-- A job of another tenant is no row, found like a missing id: the row is never
-- read out or decoded, so the answer's timing does not tell that the id exists.
SELECT {cols} FROM jobs WHERE id = $1 AND tenant = $2

-- name: get_for_update
SELECT {cols} FROM jobs WHERE id = $1 FOR UPDATE

-- name: find_request
-- The job already holding a (tenant, request_id).
SELECT {cols} FROM jobs WHERE tenant = $1 AND request_id = $2

-- name: insert
-- A new job and its first status event; nothing if (tenant, request_id) or id exists.
WITH j AS (
    INSERT INTO jobs ({cols})
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
            $18::jsonb, $19, $20)
    ON CONFLICT DO NOTHING
    RETURNING id
)
INSERT INTO events (job_id, seq, data) SELECT id, $21, $22 FROM j RETURNING job_id

-- name: save
-- A job's new row and its status events, in one round trip.
WITH u AS (
    UPDATE jobs SET tenant = $2, type = $3, status = $4, priority = $5, eff_priority = $6,
        ready_time = $7, create_time = $8, update_time = $9, end_time = $10, attempt = $11,
        max_attempts = $12, request_id = $13, sequence = $14, lease_owner = $15,
        lease_expire = $16, expire_time = $17, labels = $18::jsonb, progress = $19, data = $20
    WHERE id = $1
)
INSERT INTO events (job_id, seq, data)
SELECT $1, s, d FROM unnest($21::bigint[], $22::text[]) AS e(s, d)
ON CONFLICT (job_id, seq) DO UPDATE SET data = EXCLUDED.data

-- name: claim
SELECT {cols} FROM jobs
WHERE status = {QUEUED} AND ready_time <= $1
ORDER BY {claim_order}
LIMIT $2
FOR UPDATE SKIP LOCKED

-- name: claim_for
-- claim, for a worker of some types ($3; NULL: any) and one tenant ($4; NULL: any).
SELECT {cols} FROM jobs
WHERE status = {QUEUED} AND ready_time <= $1
    AND ($3::text[] IS NULL OR type = ANY($3::text[]))
    AND ($4::text IS NULL OR tenant = $4::text)
ORDER BY {claim_order}
LIMIT $2
FOR UPDATE SKIP LOCKED

-- name: progress
-- Fenced by (RUNNING, attempt): a stale attempt writes nothing.
UPDATE jobs SET progress = $1, sequence = sequence + 1, update_time = $2
WHERE id = $3 AND status = {RUNNING} AND attempt = $4
RETURNING sequence

-- name: checkpoint
UPDATE jobs SET data = jsonb_set(data::jsonb, '{checkpoint}', $1::jsonb)::text
WHERE id = $2 AND status = {RUNNING} AND attempt = $3
RETURNING id

-- name: due_retry
SELECT {cols} FROM jobs WHERE status = {RETRYING} AND ready_time <= $1 FOR UPDATE SKIP LOCKED

-- name: due_expire
SELECT {cols} FROM jobs
WHERE expire_time IS NOT NULL AND expire_time <= $1 AND status IN ({QUEUED}, {PAUSED})
FOR UPDATE SKIP LOCKED

-- name: rescue
-- Running or half-rescued jobs whose lease is $1's or has expired. SKIP LOCKED and
-- the re-check of this condition on the newest row version make one rescuer win.
SELECT {cols} FROM jobs
WHERE status IN ({RUNNING}, {STALLED}) AND (lease_owner = $1 OR lease_expire < $2)
FOR UPDATE SKIP LOCKED

-- name: rescue_all
SELECT {cols} FROM jobs WHERE status IN ({RUNNING}, {STALLED}) FOR UPDATE SKIP LOCKED

-- name: renew
UPDATE jobs SET lease_expire = $1
FROM unnest($2::text[], $3::int[]) AS r(id, attempt)
WHERE jobs.id = r.id AND jobs.attempt = r.attempt AND jobs.status = {RUNNING} AND jobs.lease_owner = $4

-- name: next_due
SELECT min(t) FROM (
    SELECT min(ready_time) AS t FROM jobs WHERE status IN ({QUEUED}, {RETRYING}) AND ready_time > 0
    UNION ALL
    SELECT min(expire_time) FROM jobs WHERE expire_time IS NOT NULL
        AND status IN ({QUEUED}, {PAUSED})
) AS due

-- name: evict_old
WITH d AS (
    DELETE FROM jobs WHERE id IN (
        SELECT id FROM jobs WHERE end_time IS NOT NULL AND end_time < $1
            AND status IN ({TERMINAL})
        LIMIT $2 FOR UPDATE SKIP LOCKED)
    RETURNING id
), e AS (
    DELETE FROM events WHERE job_id IN (SELECT id FROM d)
)
SELECT count(*) FROM d

-- name: count_terminal
SELECT count(*) FROM jobs WHERE end_time IS NOT NULL AND status IN ({TERMINAL})

-- name: evict_oldest
WITH d AS (
    DELETE FROM jobs WHERE id IN (
        SELECT id FROM jobs WHERE end_time IS NOT NULL AND status IN ({TERMINAL})
        ORDER BY end_time LIMIT $1 FOR UPDATE SKIP LOCKED)
    RETURNING id
), e AS (
    DELETE FROM events WHERE job_id IN (SELECT id FROM d)
)
SELECT count(*) FROM d

-- name: age
-- A queued job gains one point of effective priority per aging period waited.
UPDATE jobs SET eff_priority = least({MAX_PRIORITY}, priority + floor(($1::float8 - create_time) / $2::float8)::int)
WHERE status = {QUEUED} AND eff_priority < {MAX_PRIORITY} AND create_time < $1::float8 - $2::float8

-- name: events_after
SELECT seq, data FROM events WHERE job_id = $1 AND seq > $2 ORDER BY seq

-- name: count
SELECT count(*) FROM jobs

-- name: count_live
-- Jobs not yet terminal, by (type, status): the live-status gauges.
SELECT type, status, count(*) FROM jobs WHERE status NOT IN ({TERMINAL}) GROUP BY type, status

-- name: count_queued
SELECT count(*) FROM jobs WHERE tenant = $1 AND status IN ({QUEUED}, {RETRYING}, {PAUSED})

-- name: running_state
SELECT id, status, attempt, lease_owner FROM jobs WHERE id = ANY($1::text[])

-- name: delete_terminal
-- The jobs among $1 that are terminal (a live job is never deleted), with their
-- events; their rows as they were.
WITH d AS (
    DELETE FROM jobs WHERE id = ANY($1::text[]) AND status IN ({TERMINAL})
    RETURNING {cols}
), e AS (
    DELETE FROM events WHERE job_id IN (SELECT id FROM d)
)
SELECT * FROM d

-- name: log_insert
INSERT INTO watch_log (commit_time, job_id, seq, event, job)
SELECT $1, j, s, e, d FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) AS r(j, s, e, d)

-- name: log_after
SELECT position, job_id, seq, event, job FROM watch_log WHERE position > $1 ORDER BY position LIMIT $2

-- name: log_bounds
SELECT COALESCE((SELECT position FROM watch_floor WHERE id = 1), 0),
       COALESCE((SELECT MAX(position) FROM watch_log), 0)

-- name: log_prune
-- At most {PRUNE_BATCH} rows per write; the pruner repeats until none is left.
WITH head AS (SELECT position, commit_time FROM watch_log ORDER BY position LIMIT {PRUNE_BATCH}),
upto AS (SELECT MAX(position) AS p FROM head WHERE commit_time < $1),
d AS (DELETE FROM watch_log WHERE position <= (SELECT p FROM upto) RETURNING position),
f AS (
    INSERT INTO watch_floor (id, position) SELECT 1, p FROM upto WHERE p IS NOT NULL
    ON CONFLICT (id) DO UPDATE SET position = GREATEST(watch_floor.position, EXCLUDED.position)
)
SELECT count(*) FROM d

-- name: remember_types
INSERT INTO job_types (name, first_seen) SELECT unnest($1::text[]), $2
ON CONFLICT (name) DO NOTHING

-- name: known_types
SELECT name FROM job_types ORDER BY name
