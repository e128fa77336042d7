"""Shadows uvloop (on PYTHONPATH) so a server started with ``--no-uvloop`` runs on asyncio."""

raise ImportError("uvloop disabled for this bench run")
