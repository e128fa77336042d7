"""Throughput of 1, 2 and 3 replicas on one PostgreSQL database.

python -m tests.bench.replicas --db postgresql://postgres@127.0.0.1:5432/postgres
python -m tests.bench.replicas --jobs 2000 --replicas 1,2,3 --type demo.echo

Each run gets a fresh schema (dropped afterwards) and starts ``n`` child-process
replicas; ``--clients`` concurrent callers submit jobs round-robin across them and
wait for each (WaitJob on the next replica). Reported: end-to-end jobs/s (submit →
terminal) and the CPU the replicas and PostgreSQL used, which on a 2-core machine
is where the limit shows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time

import grpc
import psutil
from google.protobuf import struct_pb2
from jobplane.v1 import job_pb2 as pb
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from ..store import pg
from ..support import ServerProcess


async def _run(db: str, n: int, jobs: int, clients: int, type_: str, concurrency: int) -> dict:
    schema = pg.new_schema()
    url = pg.with_schema(db, schema)
    flags = ["--max-concurrency", str(concurrency), "--log-level", "WARNING", "--lease", "10s"]
    procs = [ServerProcess(db=url, args=[*flags, "--worker-id", f"b{i}"]) for i in range(n)]
    channels: list[grpc.aio.Channel] = []
    try:
        await asyncio.to_thread(procs[0].start)
        await asyncio.gather(*(asyncio.to_thread(p.start) for p in procs[1:]))
        channels = [grpc.aio.insecure_channel(p.target) for p in procs]
        stubs = [svc_grpc.JobServiceStub(c) for c in channels]
        sem = asyncio.Semaphore(clients)
        payload = struct_pb2.Struct()
        payload.update({"seconds": 0.0, "steps": 1})
        done = 0

        async def one(i: int) -> int:
            nonlocal done
            async with sem:
                job = (
                    await stubs[i % n].SubmitJob(svc.SubmitJobRequest(type=type_, payload=payload))
                ).job
                req = svc.WaitJobRequest(job_id=job.id)
                req.timeout.FromSeconds(60)
                final = (await stubs[(i + 1) % n].WaitJob(req)).job
                done += 1
                return final.status

        cpu = [psutil.Process(p.proc.pid) for p in procs if p.proc is not None]
        pg_procs = [p for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]
        before = [c.cpu_times() for c in cpu]
        pg_before = sum(_cpu(p) for p in pg_procs)
        t0 = time.perf_counter()
        statuses = await asyncio.gather(*(one(i) for i in range(jobs)))
        took = time.perf_counter() - t0
        used = [
            sum(a[:2]) - sum(b[:2])
            for a, b in zip([c.cpu_times() for c in cpu], before, strict=True)
        ]
        pg_used = sum(_cpu(p) for p in pg_procs) - pg_before
        ok = sum(s == pb.JOB_STATUS_SUCCEEDED for s in statuses)
        return {
            "replicas": n, "jobs": jobs, "succeeded": ok, "seconds": round(took, 2),
            "jobs_per_s": round(jobs / took, 1),
            "replica_cpu_s": [round(u, 1) for u in used], "postgres_cpu_s": round(pg_used, 1),
        }  # fmt: skip
    finally:
        for c in channels:
            await c.close()
        for p in procs:
            p.kill9()
        await pg.drop_schema(db, schema)


def _cpu(p: psutil.Process) -> float:
    try:
        t = p.cpu_times()
    except psutil.Error:
        return 0.0
    return float(t.user + t.system)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.replicas", description=__doc__)
    ap.add_argument("--db", default=os.environ.get("JOBPLANE_TEST_POSTGRES_URL", ""))
    ap.add_argument("--jobs", type=int, default=2000)
    ap.add_argument("--replicas", default="1,2,3")
    ap.add_argument("--clients", type=int, default=64, help="concurrent submit+wait callers")
    ap.add_argument("--type", default="demo.echo")
    ap.add_argument("--concurrency", type=int, default=32, help="--max-concurrency per replica")
    args = ap.parse_args(argv)
    if not args.db:
        ap.error("--db or JOBPLANE_TEST_POSTGRES_URL is required")
    print(f"{os.cpu_count()} CPUs; {args.jobs} x {args.type}, {args.clients} clients")
    for n in (int(x) for x in args.replicas.split(",")):
        row = asyncio.run(_run(args.db, n, args.jobs, args.clients, args.type, args.concurrency))
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
