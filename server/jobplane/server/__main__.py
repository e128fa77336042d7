"""``python -m jobplane.server``: the same as ``jobplane serve``."""

from jobplane.server.cli import serve

serve(prog_name="python -m jobplane.server")
