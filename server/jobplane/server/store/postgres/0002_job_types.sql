-- Job types remote workers polled or listened for: the server accepts jobs of these
-- types across restarts and replicas (see runtime/types.py).
CREATE TABLE job_types (
    name        text PRIMARY KEY,
    first_seen  double precision NOT NULL
);
