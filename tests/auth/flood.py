"""``python -m tests.auth.flood TARGET TOKEN SECONDS``: submit as fast as possible
from 32 concurrent callers; print how many calls were refused and accepted."""

from __future__ import annotations

import asyncio
import sys
import time

import grpc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc

from .calls import submit_request


async def main(target: str, token: str, seconds: float) -> None:
    md = (("authorization", f"Bearer {token}"),)
    counts = {"ok": 0, "refused": 0, "other": 0}
    deadline = time.monotonic() + seconds
    async with grpc.aio.insecure_channel(target) as channel:
        stub = svc_grpc.JobServiceStub(channel)

        async def caller() -> None:
            while time.monotonic() < deadline:
                try:
                    await stub.SubmitJob(submit_request(), metadata=md, timeout=5)
                    counts["ok"] += 1
                except grpc.aio.AioRpcError as err:
                    key = "refused" if err.code() == grpc.StatusCode.RESOURCE_EXHAUSTED else "other"
                    counts[key] += 1

        await asyncio.gather(*(caller() for _ in range(32)))
    print(counts["ok"], counts["refused"], counts["other"], flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
