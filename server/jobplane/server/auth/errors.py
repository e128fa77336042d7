"""Configuration errors of the security layer (reported at start-up, never to callers)."""

from __future__ import annotations


class ConfigError(ValueError):
    """The security options are inconsistent or unsafe; the message says how to fix them."""
