"""Server configuration: one small frozen config per component, composed here.

Each component is handed only its own part (the store its :class:`StoreConfig`, the
runtime its :class:`RuntimeConfig`, …). Every field of every part has exactly one
``jobplane serve`` flag and ``JOBPLANE_*`` variable, generated from the table in
:mod:`jobplane.server.options`; the defaults are written here, in the parts, once.
"""

from __future__ import annotations

import dataclasses

from jobplane.server.api.config import ApiConfig
from jobplane.server.auth.config import AuthConfig
from jobplane.server.events.config import BrokerConfig
from jobplane.server.http.config import HttpConfig
from jobplane.server.observe.config import MetricsConfig
from jobplane.server.rpc.config import RpcConfig
from jobplane.server.runtime.config import RuntimeConfig
from jobplane.server.schedules.config import SchedulerConfig
from jobplane.server.store.config import StoreConfig

__all__ = [
    "ApiConfig",
    "AuthConfig",
    "BrokerConfig",
    "HttpConfig",
    "MetricsConfig",
    "RpcConfig",
    "RuntimeConfig",
    "SchedulerConfig",
    "ServerConfig",
    "StoreConfig",
]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ServerConfig:
    store: StoreConfig = StoreConfig()
    runtime: RuntimeConfig = dataclasses.field(default_factory=RuntimeConfig)
    broker: BrokerConfig = BrokerConfig()
    api: ApiConfig = ApiConfig()
    rpc: RpcConfig = RpcConfig()
    schedules: SchedulerConfig = SchedulerConfig()
    #: HTTP/JSON, Server-Sent Events and the dashboard (off unless ``http.listen``).
    http: HttpConfig = HttpConfig()
    #: Prometheus ``/metrics`` (on the HTTP listener, or ``metrics.listen``).
    metrics: MetricsConfig = MetricsConfig()
    #: Authentication, roles, tenants, quotas, TLS, audit (see auth/README.md).
    auth: AuthConfig = AuthConfig()
    #: SIGTERM: how long running handlers may take to finish before they are requeued.
    shutdown_grace_s: float = 10.0
    log_level: str = "INFO"
