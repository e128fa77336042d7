"""Fault-suite set-up: long cases (``@pytest.mark.slow``) run only under ``make soak``.

``make soak`` runs ``pytest -m slow tests/faults``; a plain ``pytest`` (``make test``)
skips slow cases unless ``JOBPLANE_SOAK=1`` is set.
"""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    markexpr = str(config.getoption("markexpr", "") or "")
    if "slow" in markexpr or os.environ.get("JOBPLANE_SOAK") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with `make soak` or JOBPLANE_SOAK=1")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)
