"""The server's Prometheus series, in a registry of its own (several servers may
share a test process).

Job counters and histograms are derived from the broker's stream of durable local
changes (:meth:`Broker.tap`), never from the runtime: each status event is counted
once, by the replica that committed it — on PostgreSQL replicas each exports its
own, and ``sum()`` across replicas is the cluster's figure. The live-status gauges
are read from the store at scrape time, so on replicas they are the shared truth.

Labels are bounded: a ``type`` label is a registered handler type, anything else
is ``other``; statuses and gRPC methods are finite sets. No job id, tenant or free
text ever becomes a label.
"""

from __future__ import annotations

from collections.abc import Callable

from jobplane.server.domain.model import TERMINAL, Change, EventKind, Job, JobStatus
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest

OTHER = "other"
#: Job type names whose series are remembered by name (the rest are looked up).
MAX_CACHED = 1024
#: Submit → start and run times span milliseconds to hours.
JOB_BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 14400)
#: A group commit takes tens of microseconds (SQLite) to milliseconds (PostgreSQL).
COMMIT_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1)


def status_name(status: JobStatus) -> str:
    return status.name.lower()


class _TypeSeries:
    """One ``type`` label's children, resolved once (``labels()`` takes a lock and
    builds a key on every call; the tap runs on every status change)."""

    __slots__ = ("finished", "queue", "run", "submitted")

    def __init__(self, m: Metrics, label: str) -> None:
        self.submitted = m.submitted.labels(label)
        self.queue = m.queue_seconds.labels(label)
        self.run = m.run_seconds.labels(label)
        self.finished = {s: m.finished.labels(label, status_name(s)) for s in TERMINAL}


class Metrics:
    """Every series the server exports; ``known_type`` bounds the ``type`` label."""

    def __init__(self, known_type: Callable[[str], bool]) -> None:
        self._known = known_type
        self.registry = r = CollectorRegistry(auto_describe=True)
        self.submitted = Counter("jobplane_jobs_submitted", "Jobs created.", ["type"], registry=r)
        self.finished = Counter(
            "jobplane_jobs_finished",
            "Jobs that reached a terminal status.",
            ["type", "status"],
            registry=r,
        )
        self.live = Gauge(
            "jobplane_jobs",
            "Jobs not yet terminal, by status (from the store).",
            ["type", "status"],
            registry=r,
        )
        self.queue_seconds = Histogram(
            "jobplane_job_queue_seconds",
            "From submission (or the scheduled time) to the first attempt's start.",
            ["type"],
            buckets=JOB_BUCKETS,
            registry=r,
        )
        self.run_seconds = Histogram(
            "jobplane_job_run_seconds",
            "From the last attempt's start to the job's terminal status.",
            ["type"],
            buckets=JOB_BUCKETS,
            registry=r,
        )
        self.watch_subscribers = Gauge(
            "jobplane_watch_subscribers",
            "Open WatchProgress and WatchJobs subscriptions on this replica.",
            registry=r,
        )
        self.workers_connected = Gauge(
            "jobplane_workers_connected",
            "Remote workers with an open ListenTasks stream to this replica.",
            registry=r,
        )
        self.commit_seconds = Histogram(
            "jobplane_store_commit_seconds",
            "Seconds one group commit's transaction took.",
            buckets=COMMIT_BUCKETS,
            registry=r,
        )
        self.grpc_handled = Counter(
            "grpc_server_handled",
            "RPCs completed on the server, by status code.",
            ["grpc_type", "grpc_service", "grpc_method", "grpc_code"],
            registry=r,
        )
        self.grpc_seconds = Histogram(
            "grpc_server_handling_seconds",
            "Seconds from the start of an RPC to its status.",
            ["grpc_type", "grpc_service", "grpc_method"],
            registry=r,
        )
        self._seen_live: set[tuple[str, str]] = set()
        #: known type -> its series (at most MAX_CACHED remembered: bounded memory);
        #: unknown types all count under ``other``.
        self._series: dict[str, _TypeSeries] = {}
        self._other = _TypeSeries(self, OTHER)

    def type_label(self, job_type: str) -> str:
        return job_type if self._known(job_type) else OTHER

    def _of(self, job_type: str) -> _TypeSeries:
        series = self._series.get(job_type)
        if series is None:
            if not self._known(job_type):
                return self._other  # not remembered: a remote worker may declare it later
            series = _TypeSeries(self, job_type)
            if len(self._series) < MAX_CACHED:
                self._series[job_type] = series
        return series

    def on_change(self, change: Change) -> None:
        """A broker tap: count the change's status events."""
        job = change.job
        series = None
        for event in change.events:
            if event.kind is not EventKind.STATUS:
                continue
            series = series or self._of(job.type)
            if event.sequence == 1:
                series.submitted.inc()
            status = event.status
            if status is JobStatus.RUNNING and event.attempt == 1:
                self._observe_queue(series, job)
            elif status in TERMINAL:
                series.finished[status].inc()
                if job.start_time is not None and job.end_time is not None:
                    series.run.observe(max(0.0, job.end_time - job.start_time))

    @staticmethod
    def _observe_queue(series: _TypeSeries, job: Job) -> None:
        if job.start_time is None:
            return
        ready = max(job.create_time, job.schedule_time or 0.0)
        series.queue.observe(max(0.0, job.start_time - ready))

    def set_live(self, counts: dict[tuple[str, JobStatus], int]) -> None:
        """The store's live counts; a (type, status) gone from the store reads 0."""
        totals: dict[tuple[str, str], int] = {}
        for (job_type, status), n in counts.items():
            key = (self.type_label(job_type), status_name(status))
            totals[key] = totals.get(key, 0) + n
        for key in self._seen_live - totals.keys():
            totals[key] = 0
        for key, n in totals.items():
            self.live.labels(*key).set(n)
        self._seen_live |= totals.keys()

    def render(self) -> bytes:
        return generate_latest(self.registry)
