"""Several ``python -m jobplane.server`` replicas on loopback sharing one PostgreSQL
schema (fresh per test, dropped afterwards). Cases marked ``slow`` run only with
``-m slow`` or ``JOBPLANE_SOAK=1``."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..store import pg
from ..support import ServerProcess

TERMINAL = {
    pb.JOB_STATUS_SUCCEEDED,
    pb.JOB_STATUS_FAILED,
    pb.JOB_STATUS_CANCELED,
    pb.JOB_STATUS_EXPIRED,
}


@dataclasses.dataclass
class Replica:
    name: str
    proc: ServerProcess
    stub: svc_grpc.JobServiceStub
    channel: grpc.aio.Channel

    @property
    def pid(self) -> int:
        assert self.proc.proc is not None
        return self.proc.proc.pid

    def signal(self, sig: signal.Signals) -> None:
        assert self.proc.proc is not None
        self.proc.proc.send_signal(sig)


@dataclasses.dataclass
class Cluster:
    url: str
    dir: Path
    replicas: list[Replica]

    def by_name(self, name: str) -> Replica:
        return next(r for r in self.replicas if r.name == name)

    def by_pid(self) -> dict[int, str]:
        return {r.pid: r.name for r in self.replicas}

    async def submit(self, i: int, type_: str, payload: dict[str, Any], **kw: Any) -> pb.Job:
        s = struct_pb2.Struct()
        s.update({"dir": str(self.dir), **payload})
        req = svc.SubmitJobRequest(type=type_, payload=s, **kw)
        return (await self.replicas[i % len(self.replicas)].stub.SubmitJob(req)).job

    async def get(self, job_id: str, i: int = 0) -> pb.Job:
        stub = self.replicas[i % len(self.replicas)].stub
        return (await stub.GetJob(svc.GetJobRequest(job_id=job_id), timeout=10)).job

    async def wait(self, job_id: str, i: int = 0, timeout_s: float = 60.0) -> pb.Job:
        req = svc.WaitJobRequest(job_id=job_id)
        req.timeout.FromNanoseconds(int(timeout_s * 1e9))
        stub = self.replicas[i % len(self.replicas)].stub
        return (await stub.WaitJob(req, timeout=timeout_s + 5)).job

    async def until(
        self, job_id: str, ok: Callable[[pb.Job], bool], timeout_s: float = 20.0, i: int = 0
    ) -> pb.Job:
        """Poll GetJob on replica ``i`` until ``ok(job)`` (bounded by ``timeout_s``)."""
        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            job = await self.get(job_id, i)
            if ok(job):
                return job
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"job {job_id} never got there; last:\n{job}")
            await asyncio.sleep(0.02)

    def runs(self) -> list[tuple[str, str, int, int, float]]:
        """(what, job id, attempt, pid, time) lines the test handlers wrote."""
        path = self.dir / "runs.log"
        if not path.exists():
            return []
        out = []
        for line in path.read_text().splitlines():
            what, job_id, attempt, pid, t = line.split()
            out.append((what, job_id, int(attempt), int(pid), float(t)))
        return out


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if (
        "slow" in str(config.getoption("markexpr", "") or "")
        or os.environ.get("JOBPLANE_SOAK") == "1"
    ):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow or JOBPLANE_SOAK=1")
    here = Path(__file__).parent
    for item in items:
        if item.get_closest_marker("slow") is not None and here in Path(item.path).parents:
            item.add_marker(skip)


StartCluster = Callable[..., Awaitable[Cluster]]


@pytest.fixture
async def start_cluster(postgres_url: str, tmp_path: Path) -> AsyncIterator[StartCluster]:
    """Start ``n`` replicas r0, r1, … (extra server flags in ``args``)."""
    schema = pg.new_schema()
    url = pg.with_schema(postgres_url, schema)
    replicas: list[Replica] = []

    async def start(n: int = 3, args: Sequence[str] = (), lease: str = "2s") -> Cluster:
        flags = [
            "--handlers", "tests.replicas.handlers", "--lease", lease,
            "--default-backoff", "100ms", "--default-max-backoff", "500ms",
            "--cancel-grace", "5s", "--shutdown-grace", "1s", "--log-level", "WARNING",
            *args,
        ]  # fmt: skip
        base = len(replicas)
        procs = [
            ServerProcess(db=url, args=[*flags, "--worker-id", f"r{base + i}"]) for i in range(n)
        ]
        # The first applies the migrations; the rest start in parallel.
        await asyncio.to_thread(procs[0].start)
        await asyncio.gather(*(asyncio.to_thread(p.start) for p in procs[1:]))
        for i, proc in enumerate(procs):
            channel = grpc.aio.insecure_channel(proc.target)
            stub = svc_grpc.JobServiceStub(channel)
            replicas.append(Replica(f"r{base + i}", proc, stub, channel))
        return Cluster(url, tmp_path, list(replicas))

    try:
        yield start
    finally:
        for r in replicas:
            if r.proc.proc is not None and r.proc.proc.poll() is None:
                r.signal(signal.SIGCONT)
            r.proc.kill9()
            await r.channel.close()
        await pg.drop_schema(postgres_url, schema)
