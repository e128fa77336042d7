"""Observability: Prometheus metrics (``/metrics``) — see docs/observe.md."""
