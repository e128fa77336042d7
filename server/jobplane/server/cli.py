"""``jobplane serve``: every flag also reads a JOBPLANE_* environment variable.

The flags come from the one table in :mod:`jobplane.server.options`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import socket
import sys
from typing import Any

import click
from jobplane.server import options
from jobplane.server.auth import ConfigError, audit
from jobplane.server.config import ServerConfig


@click.command("serve")
@options.click_options
def serve(**kw: Any) -> None:
    """Run the jobplane server until SIGTERM/SIGINT, then drain."""
    config = config_from_options(kw)
    logging.basicConfig(
        level=config.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if config.auth.audit_file is not None:
        audit.add_file(config.auth.audit_file)
    from jobplane.server.app import serve as run

    try:
        import uvloop

        sys.exit(uvloop.run(run(config)))
    except ImportError:
        pass
    except (OSError, ConfigError) as exc:
        click.echo(f"jobplane: {exc}", err=True)
        sys.exit(1)
    try:
        sys.exit(asyncio.run(run(config)))
    except (OSError, ConfigError) as exc:
        click.echo(f"jobplane: {exc}", err=True)
        sys.exit(1)


def config_from_options(kw: dict[str, Any]) -> ServerConfig:
    """The flags' values as a config; a replica without a name is called host:pid."""
    config = options.config_from_options(kw)
    if config.runtime.worker_id:
        return config
    runtime = dataclasses.replace(config.runtime, worker_id=f"{socket.gethostname()}:{os.getpid()}")
    return dataclasses.replace(config, runtime=runtime)
