"""``python -m jobplane.server``: the same as ``jobplane serve``."""

import sys

from jobplane.client import _server_extra

# A light install (no `server` extra): one line saying what to install, no traceback.
if absent := _server_extra.missing():
    print(_server_extra.message("serve", absent), file=sys.stderr)
    sys.exit(2)

from jobplane.server.cli import serve

serve(prog_name="python -m jobplane.server")
