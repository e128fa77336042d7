"""``jobplane worker``: the remote worker's command."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys

import click
from jobplane.client._cli_args import parse_duration_s, parse_labels
from jobplane.client.cli import Session, _common_options
from jobplane.handlers import Registry
from jobplane.worker._config import WorkerConfig, default_worker_id
from jobplane.worker._worker import Worker


@click.command("worker")
@click.option(
    "--handlers", "modules", multiple=True, required=True, envvar="JOBPLANE_HANDLERS",
    metavar="MODULE", help="Handler module exposing register(registry); repeatable "
    "[env JOBPLANE_HANDLERS, space-separated].",
)  # fmt: skip
@click.option(
    "--concurrency", "-c", type=click.IntRange(min=1), default=1, show_default=True,
    envvar="JOBPLANE_CONCURRENCY", help="Tasks run at once [env JOBPLANE_CONCURRENCY].",
)  # fmt: skip
@click.option(
    "--grace", default="30s", show_default=True, envvar="JOBPLANE_WORKER_GRACE",
    help="On SIGTERM: how long running tasks may take to finish [env JOBPLANE_WORKER_GRACE].",
)  # fmt: skip
@click.option("--worker-id", envvar="JOBPLANE_WORKER_ID", help="Default: py-HOST-PID.")
@click.option("--label", "labels", multiple=True, metavar="KEY=VALUE", help="Repeatable.")
@_common_options
def worker(
    session: Session,
    modules: tuple[str, ...],
    concurrency: int,
    grace: str,
    worker_id: str | None,
    labels: tuple[str, ...],
) -> None:
    """Run handler modules' job types as a remote worker of the server at --target."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # `jobplane worker --handlers my_handlers` finds a module in the current folder,
    # as `python -m` would.
    sys.path.insert(0, os.getcwd())
    registry = Registry()
    for module in modules:
        registry.load_module(module)
    try:
        config = WorkerConfig(
            target=session.target, token=session.token, tls=session.tls, tenant=session.tenant,
            concurrency=concurrency, grace_s=parse_duration_s(grace),
            labels=parse_labels(labels), worker_id=worker_id or default_worker_id(),
        )  # fmt: skip
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    stuck = asyncio.run(_serve(registry, config))
    if stuck:
        # Thread handlers that ignored the drain would block the interpreter's exit
        # (it joins executor threads); their tasks were already handed back.
        logging.getLogger("jobplane.worker").warning("%d handler thread(s) abandoned", stuck)
        logging.shutdown()
        os._exit(0)


async def _serve(registry: Registry, config: WorkerConfig) -> int:
    worker = Worker(registry, config)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop)
    log = logging.getLogger("jobplane.worker")
    log.info(
        "worker %s: %s, %d slot(s), server %s",
        config.worker_id, ", ".join(registry.names()), config.concurrency, config.target,
    )  # fmt: skip
    await worker.run()
    log.info("worker %s: drained, exiting", config.worker_id)
    return worker.stuck
