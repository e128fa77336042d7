"""A remote worker written against the .proto alone (grpcio and the generated stubs;
no jobplane code): ``python -m tests.workers.raw_worker TARGET TYPE SLOTS LOG``.

It listens for tasks of TYPE with SLOTS slots. Each task's payload says how many
``steps`` of ``step_s`` seconds to run; it reports progress after each step (its
heartbeat) and completes with ``{"pid": …}``. It appends ``start JOB ATTEMPT`` and
``done JOB ATTEMPT`` lines to LOG, so a test sees what ran where.
"""

from __future__ import annotations

import asyncio
import os
import sys

import grpc
from jobplane.v1 import job_pb2
from jobplane.v1 import worker_service_pb2 as ws
from jobplane.v1 import worker_service_pb2_grpc as ws_grpc


def note(log: str, line: str) -> None:
    with open(log, "a") as f:
        f.write(line + "\n")


async def run(stub: ws_grpc.WorkerServiceStub, task: ws.Task, log: str) -> None:
    job = task.job
    steps = int(job.payload["steps"]) if "steps" in job.payload else 1
    step_s = float(job.payload["step_s"]) if "step_s" in job.payload else 0.0
    note(log, f"start {job.id} {job.attempt}")
    for i in range(steps):
        await asyncio.sleep(step_s)
        progress = job_pb2.Progress(current=i + 1, total=steps)
        await stub.ReportProgress(
            ws.ReportProgressRequest(task_token=task.task_token, progress=progress)
        )
    done = ws.CompleteTaskRequest(task_token=task.task_token)
    done.output.update({"pid": os.getpid()})
    await stub.CompleteTask(done)
    note(log, f"done {job.id} {job.attempt}")


async def main(target: str, job_type: str, slots: int, log: str) -> None:
    async with grpc.aio.insecure_channel(target) as channel:
        stub = ws_grpc.WorkerServiceStub(channel)
        request = ws.ListenTasksRequest(
            worker_id=f"raw-{os.getpid()}", types=[job_type], slots=slots
        )
        running: set[asyncio.Task[None]] = set()
        async for message in stub.ListenTasks(request):
            if message.WhichOneof("command") == "task":
                t = asyncio.create_task(run(stub, message.task, log))
                running.add(t)
                t.add_done_callback(running.discard)


if __name__ == "__main__":
    target, job_type, slots, log = sys.argv[1:5]
    asyncio.run(main(target, job_type, int(slots), log))
