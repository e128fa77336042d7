"""The handler registry: it lives in :mod:`jobplane.handlers`, shared with the remote
worker (``jobplane worker``) so one handler module runs in either place."""

from __future__ import annotations

from jobplane.handlers import Handler as Handler
from jobplane.handlers import Registered as Registered
from jobplane.handlers import Registry as Registry
