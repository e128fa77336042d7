-- Schedules (PostgreSQL); the table is made by migration 0002_schedules.sql.

-- name: insert
INSERT INTO schedules ({cols}) VALUES ({marks}) ON CONFLICT (tenant, id) DO NOTHING

-- name: get
SELECT {cols} FROM schedules WHERE tenant = $1 AND id = $2

-- name: get_for_update
SELECT {cols} FROM schedules WHERE tenant = $1 AND id = $2 FOR UPDATE

-- name: get_any
SELECT {cols} FROM schedules WHERE id = $1 ORDER BY tenant LIMIT 1

-- name: page
SELECT {cols} FROM schedules WHERE ($1::text IS NULL OR tenant = $1) AND (tenant, id) > ($2, $3)
ORDER BY tenant, id LIMIT $4

-- name: update_config
UPDATE schedules SET {config} WHERE tenant = ${n1} AND id = ${n2}

-- name: save_cursor
UPDATE schedules SET {cursor} WHERE tenant = ${n1} AND id = ${n2} AND revision = ${n3}

-- name: delete
DELETE FROM schedules WHERE tenant = $1 AND id = $2

-- Due schedules, soonest first; a schedule another replica is handling is skipped,
-- not waited for (its row lock is held until that replica commits).
-- name: due
SELECT {cols} FROM schedules WHERE NOT paused AND wake_time <= $1
ORDER BY wake_time LIMIT $2 FOR UPDATE SKIP LOCKED

-- name: next_wake
SELECT min(wake_time) FROM schedules WHERE NOT paused
