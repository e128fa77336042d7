"""A light install: the client and the CLI work without the server's packages.

``pip install jobplane`` leaves out the ``server`` extra (asyncpg, PyJWT, cryptography,
grpcio-health-checking/-reflection/-status, orjson). The child processes here refuse
those modules with an import hook, so they see what a light install sees; the client
must import, ``--help``/``submit``/``get`` must work against a live server, and
``serve``/``migrate`` must say in one line what to install. The static checks hold the
import graphs and the extra in ``pyproject.toml`` to the same list.
"""

from __future__ import annotations

import ast
import asyncio
import json
import re
import sys
import tomllib
from pathlib import Path

from jobplane.client._server_extra import INSTALL_HINT, SERVER_MODULES
from jobplane.server import app

from ..support import ROOT

CLIENT = ROOT / "clients" / "python" / "jobplane" / "client"
SERVER = ROOT / "server" / "jobplane" / "server"

#: Installed in the child before anything else: a light install, simulated.
_BLOCK = f"""
import importlib.abc, sys
BLOCKED = {sorted(SERVER_MODULES)!r}

class _LightInstall(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, _LightInstall())

def _report():
    reached = sorted(
        m for m in sys.modules
        if m.partition(".")[0] in BLOCKED or m == "jobplane.server" or m.startswith("jobplane.server.")
    )
    print("REACHED " + json.dumps(reached), file=sys.stderr)

import atexit, json
atexit.register(_report)
"""


async def _child(code: str, *args: str) -> tuple[int, str, list[str], list[str]]:
    """Run ``code`` after the blocker; returns (exit code, stdout, stderr lines, modules
    of the server or its packages that the child imported)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _BLOCK + code,
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    lines = err.decode().splitlines()
    reports = [line for line in lines if line.startswith("REACHED ")]
    assert len(reports) == 1, err.decode()[-2000:]
    rest = [line for line in lines if not line.startswith("REACHED ")]
    assert proc.returncode is not None
    return proc.returncode, out.decode(), rest, json.loads(reports[0].removeprefix("REACHED "))


_CLI = "from jobplane.client.cli import main; main(prog_name='jobplane')"


async def test_the_blocker_really_blocks() -> None:
    code, _out, err, _reached = await _child("import asyncpg")
    assert code == 1 and "ModuleNotFoundError: No module named 'asyncpg'" in err[-1]


async def test_the_client_imports_without_the_server_packages() -> None:
    code, out, err, reached = await _child(
        "import jobplane.client, jobplane.client.cli; print(jobplane.client.JobClient.__name__)"
    )
    assert (code, out.strip(), err, reached) == (0, "JobClient", [], [])


async def test_help_submit_and_get_work_without_the_server_packages(
    server: app.Running,
) -> None:
    code, out, err, reached = await _child(_CLI, "--help")
    assert (code, err, reached) == (0, [], [])
    listed = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ")}
    assert {"serve", "migrate", "submit", "get"} <= listed.keys()
    assert "jobplane[server]" in out  # serve/migrate say what they need

    submit = ("submit", "demo.echo", "--payload", '{"n": 1}', "--wait", "--json")
    code, out, err, reached = await _child(_CLI, *submit, "--target", server.target)
    assert (code, err, reached) == (0, [], [])
    job = json.loads(out)
    assert job["status"] == "JOB_STATUS_SUCCEEDED"

    code, out, err, reached = await _child(
        _CLI, "get", job["id"], "--json", "--target", server.target
    )
    assert (code, err, reached) == (0, [], [])
    assert json.loads(out)["id"] == job["id"]


async def test_serve_and_migrate_say_in_one_line_what_to_install() -> None:
    for args in (("serve",), ("serve", "--db", "sqlite:///:memory:"), ("migrate", "--db", "x")):
        code, out, err, reached = await _child(_CLI, *args)
        assert (code, out, reached) == (2, "", []), args
        (line,) = err  # one line, no traceback
        assert line.startswith(f"jobplane: `jobplane {args[0]}` needs the server's packages")
        assert line.endswith(INSTALL_HINT) and "PyJWT" in line and "asyncpg" in line


def _imports(folder: Path) -> set[str]:
    """Every module named by an import statement in ``folder`` (any depth, any scope)."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return names


def test_the_client_package_never_imports_the_server() -> None:
    """Statically, so lazy imports inside functions count too. The CLI loads ``serve``
    and ``migrate`` by module name, and only after checking the extra is there."""
    names = _imports(CLIENT)
    assert not {n for n in names if n == "jobplane.server" or n.startswith("jobplane.server.")}
    assert not {n for n in names if n.partition(".")[0] in SERVER_MODULES}


#: Third-party modules the base install provides (grpcio, protobuf and
#: googleapis-common-protos, click, rich); uvloop is optional (imported in try/except).
_BASE = {"grpc", "google", "click", "rich", "uvloop"}


def test_every_package_the_server_imports_is_in_the_base_or_the_extra() -> None:
    tops = {name.partition(".")[0] for name in _imports(SERVER)}
    third_party = tops - set(sys.stdlib_module_names) - {"jobplane"}
    assert third_party - _BASE == set(SERVER_MODULES)


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=;~ ]", r, maxsplit=1)[0].lower() for r in requirements}


def test_the_server_extra_is_the_list_the_cli_checks() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = _names(project["optional-dependencies"]["server"])
    assert extra == {d.lower() for d in SERVER_MODULES.values()}
    assert not _names(project["dependencies"]) & extra
    assert any(r.startswith("PyJWT[crypto]") for r in project["optional-dependencies"]["server"])
    makefile = (ROOT / "Makefile").read_text()
    assert '-e ".[dev,server]"' in makefile  # make setup/serve/test install everything
