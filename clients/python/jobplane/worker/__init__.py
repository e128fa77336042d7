"""jobplane.worker: run handler modules out of the server process.

``jobplane worker --target HOST:PORT --handlers MODULE --concurrency N`` loads the
same modules as ``jobplane serve --handlers`` (each exposes ``register(registry)``;
see :mod:`jobplane.handlers`) and takes their job types' tasks from the server's
``WorkerService.ListenTasks``, at most N at once, reconnecting with backoff when
the server goes away. SIGTERM drains it: no new tasks; running handlers get the
grace period, then are cancelled and their tasks handed back; exit 0.

In code::

    registry = Registry()
    registry.load_module("my_handlers")
    worker = Worker(registry, WorkerConfig(target="127.0.0.1:50051", concurrency=8))
    await worker.run()          # until worker.stop()

This package never imports the server.
"""

from jobplane.worker._config import WorkerConfig
from jobplane.worker._context import TaskContext
from jobplane.worker._worker import Worker

__all__ = ["TaskContext", "Worker", "WorkerConfig"]
