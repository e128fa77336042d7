"""Build and run the server: JobService, health, reflection; drain on SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import dataclass
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2_grpc
from jobplane.server.api.manager import Manager
from jobplane.server.auth import Security
from jobplane.server.auth.transport import check_listen, is_loopback
from jobplane.server.config import ServerConfig
from jobplane.server.events.broker import Broker
from jobplane.server.events.replicas import ReplicaSync, attach_replicas
from jobplane.server.events.watchlog import WatchLog
from jobplane.server.http.edge import HttpEdge, split_listen, ssl_context
from jobplane.server.observe import grpc_metrics
from jobplane.server.observe.endpoint import Exporter
from jobplane.server.observe.metrics import Metrics
from jobplane.server.rpc import registrar, wire
from jobplane.server.rpc.service import JobService, raw_responses
from jobplane.server.rpc.worker_service import SERVICE_NAME as WORKER_SERVICE
from jobplane.server.rpc.worker_service import WorkerService
from jobplane.server.runtime import demo
from jobplane.server.runtime.config import RuntimeConfig
from jobplane.server.runtime.engine import Runtime
from jobplane.server.runtime.registry import Registry
from jobplane.server.runtime.remote import RemoteSession
from jobplane.server.scheduling import SERVICE_NAME as SCHEDULES
from jobplane.server.scheduling import Schedules, add_service, open_schedules
from jobplane.server.store import open_store
from jobplane.server.store.base import Store
from jobplane.v1 import job_service_pb2 as svc
from jobplane.v1 import job_service_pb2_grpc as svc_grpc
from jobplane.v1 import worker_service_pb2_grpc as ws_grpc

log = logging.getLogger("jobplane.server")
SERVICE_NAME = svc.DESCRIPTOR.services_by_name["JobService"].full_name


@dataclass
class Running:
    """A started server and its parts (tests reach in for stats)."""

    server: grpc.aio.Server
    port: int
    store: Store
    broker: Broker
    runtime: Runtime
    manager: Manager
    health: health.aio.HealthServicer  # type: ignore[name-defined,unused-ignore]
    config: ServerConfig
    #: Follows the other replicas (a shared store only).
    replicas: ReplicaSync | None = None
    #: The HTTP/JSON + SSE edge and dashboard (``--http-listen``).
    http: HttpEdge | None = None
    #: Prometheus ``/metrics`` (on the HTTP edge or ``--metrics-listen``).
    metrics: Exporter | None = None
    #: Cron and interval schedules (ScheduleService and the scheduler).
    schedules: Schedules | None = None

    @property
    def target(self) -> str:
        host = self.config.rpc.listen.rsplit(":", 1)[0]
        return f"{host}:{self.port}"

    async def stop(self, grace_s: float | None = None) -> None:
        """Drain: refuse new calls, end streams, let handlers finish or requeue them."""
        grace = self.config.shutdown_grace_s if grace_s is None else grace_s
        await self.health.enter_graceful_shutdown()
        stopping = asyncio.ensure_future(self.server.stop(grace))
        if self.schedules is not None:
            await self.schedules.stop()
        self.broker.close_all()  # ends the gRPC and the HTTP event streams alike
        await self.manager.watch_log.stop()  # … and the WatchJobs streams
        http_stopping = asyncio.ensure_future(self.http.stop()) if self.http else None
        # Handlers get the grace less a reserve (a quarter, at most 1 s) for releasing
        # the unfinished ones and closing the store, so the process exits within it.
        await self.runtime.shutdown(max(0.0, grace - min(1.0, grace / 4)))
        await stopping
        if http_stopping is not None:
            await http_stopping
        if self.metrics is not None:
            await self.metrics.stop()
        if self.replicas is not None:
            await self.replicas.stop()
        await self.store.close()


def build_registry(config: RuntimeConfig) -> Registry:
    registry = Registry()
    if config.demo_handlers:
        demo.register(registry)
    for module in config.handler_modules:
        registry.load_module(module)
    return registry


def _add_health_and_reflection(handlers: Any) -> Any:
    """Health, and reflection naming every service (grpcurl needs no .proto files)."""
    health_servicer = health.aio.HealthServicer()  # type: ignore[attr-defined,unused-ignore]
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, handlers)
    names = (SERVICE_NAME, WORKER_SERVICE, SCHEDULES, health.SERVICE_NAME, reflection.SERVICE_NAME)
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(
        reflection.aio.ReflectionServicer(names), handlers
    )
    return health_servicer


async def start(config: ServerConfig, registry: Registry | None = None) -> Running:
    """Open the store, rescue orphaned jobs, start the runtime, listen."""
    registry = registry or build_registry(config.runtime)
    security = Security(config.auth, config.rpc.listen)  # refuses unsafe options up front
    store = open_store(config.store.db, durability=config.store.durability)
    await store.open()
    broker = Broker(
        backlog=config.broker.backlog_events,
        buffer=config.broker.subscriber_buffer,
        max_lag_s=config.broker.watch_max_lag_s,
    )
    runtime = Runtime(store, broker, registry, config.runtime, replicated=store.shared)
    watch_log = WatchLog(
        store,
        retention_s=config.broker.event_retention_s,
        poll_s=config.broker.watch_poll_s if store.shared else None,
    )
    broker.tap(watch_log.on_change)
    manager = Manager(
        store, broker, runtime.dispatcher, runtime.commits, runtime.types, config.api, watch_log
    )
    schedules = await open_schedules(
        config.store.db, store, manager, registry, api=config.api, config=config.schedules
    )
    server = grpc.aio.server(
        options=config.rpc.server_options(),
        maximum_concurrent_rpcs=config.rpc.rpc_limit,
    )
    # Every method handler is wrapped once, here: raw watch responses innermost, then
    # the parse check, then the security guard (authentication runs first).
    guard = security.guard(store)
    wraps = [raw_responses, lambda _m, h: wire.parse_guard(h), guard.wrap]
    exporter = _metrics(config, runtime, store, broker, watch_log)
    if exporter is not None:  # outermost: a refused call is counted too
        wraps.append(grpc_metrics.wrap(exporter.metrics))
    handlers = registrar.Registrar(server, registrar.chain(*wraps))
    svc_grpc.add_JobServiceServicer_to_server(JobService(manager, config.api), handlers)  # type: ignore[arg-type]
    ws_grpc.add_WorkerServiceServicer_to_server(WorkerService(runtime.remote), handlers)  # type: ignore[arg-type]
    add_service(schedules, config.api, handlers)
    health_servicer = _add_health_and_reflection(handlers)
    port = security.add_port(server, config.rpc.listen)
    if port == 0:
        await schedules.store.close()
        await store.close()
        raise OSError(
            f"cannot listen on {config.rpc.listen}: the address is in use or not available here"
        )
    http = await _start_http(config, handlers.handlers, exporter)
    if exporter is not None and config.metrics.metrics_listen is not None:
        check_listen(config.metrics.metrics_listen, config.auth)
        await exporter.listen(*split_listen(config.metrics.metrics_listen))
    replicas = attach_replicas(store, broker, runtime.dispatcher)
    watch_log.start()
    await runtime.start()
    await server.start()
    schedules.start()
    for name in ("", SERVICE_NAME, WORKER_SERVICE, SCHEDULES):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    return Running(
        server,
        port,
        store,
        broker,
        runtime,
        manager,
        health_servicer,
        config,
        replicas,
        http,
        schedules=schedules,
        metrics=exporter,
    )


def _metrics(
    config: ServerConfig,
    runtime: Runtime,
    store: Store,
    broker: Broker,
    watch_log: WatchLog,
) -> Exporter | None:
    """The metrics, fed from the broker's changes and the store's commits, when
    enabled and there is a listener to serve them on."""
    if not config.metrics.export or (
        config.http.address is None and config.metrics.metrics_listen is None
    ):
        return None
    metrics = Metrics(runtime.types.known)
    broker.tap(metrics.on_change)
    store.observe_commits(metrics.commit_seconds.observe)
    workers = runtime.dispatcher.workers
    return Exporter(
        metrics,
        store,
        broker,
        followers=lambda: watch_log.followers,
        workers=lambda: sum(isinstance(w, RemoteSession) for w in workers),
    )


async def _start_http(
    config: ServerConfig, handlers: Any, exporter: Exporter | None
) -> HttpEdge | None:
    """The HTTP edge over the same wrapped handlers, when ``--http-listen`` is set."""
    listen = config.http.address
    if listen is None:
        return None
    check_listen(listen, config.auth)  # the same safe default as the gRPC port's
    edge = HttpEdge(
        handlers,
        config.http,
        tls=ssl_context(config.auth.tls),
        max_body_bytes=config.rpc.max_message_bytes,
        # Open and on loopback: only loopback Host names (see http/browsers.py).
        loopback_hosts_only=not config.auth.authenticates and is_loopback(listen),
        extra_routes=exporter.add_route
        if exporter and config.metrics.metrics_listen is None
        else None,
    )
    try:
        await edge.start(config.shutdown_grace_s)
    except OSError as exc:
        raise OSError(f"cannot listen on {listen} (HTTP): {exc.strerror}") from exc
    return edge


async def serve(config: ServerConfig) -> int:
    """Run until SIGTERM/SIGINT, then drain. Returns the process exit code."""
    running = await start(config)
    host = config.rpc.listen.rsplit(":", 1)[0]
    print(f"jobplane: serving on {host}:{running.port}", file=sys.stderr, flush=True)
    if running.http is not None:
        print(f"jobplane: HTTP and dashboard on {running.http.url}/", file=sys.stderr, flush=True)
    log.info("db %s; max concurrency %d", config.store.db, config.runtime.max_concurrency)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("draining (grace %.1fs)", config.shutdown_grace_s)
    await running.stop()
    log.info("stopped")
    return 0
