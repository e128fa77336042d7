-- Schedules (PostgreSQL); the table is made by migration 0003_schedules.sql.
-- {schedule_cols}, {marks}, {config} and {cursor}: see store/schedules.py.

-- name: insert
INSERT INTO schedules ({schedule_cols}) VALUES ({marks}) ON CONFLICT (tenant, id) DO NOTHING

-- name: get
SELECT {schedule_cols} FROM schedules WHERE tenant = $1 AND id = $2

-- name: get_for_update
SELECT {schedule_cols} FROM schedules WHERE tenant = $1 AND id = $2 FOR UPDATE

-- name: get_any
SELECT {schedule_cols} FROM schedules WHERE id = $1 ORDER BY tenant LIMIT 1

-- name: page
SELECT {schedule_cols} FROM schedules WHERE ($1::text IS NULL OR tenant = $1) AND (tenant, id) > ($2, $3)
ORDER BY tenant, id LIMIT $4

-- name: update_config
UPDATE schedules SET {config} WHERE tenant = {config_tenant} AND id = {config_id}

-- name: save_cursor
UPDATE schedules SET {cursor} WHERE tenant = {cursor_tenant} AND id = {cursor_id} AND revision = {cursor_revision}

-- name: delete
DELETE FROM schedules WHERE tenant = $1 AND id = $2

-- Due schedules, soonest first; a schedule another replica is handling is skipped,
-- not waited for (its row lock is held until that replica commits).
-- name: due
SELECT {schedule_cols} FROM schedules WHERE NOT paused AND wake_time <= $1
ORDER BY wake_time LIMIT $2 FOR UPDATE SKIP LOCKED

-- name: wakes
SELECT tenant, id, wake_time FROM schedules WHERE NOT paused AND wake_time IS NOT NULL
ORDER BY wake_time LIMIT $1
