"""One exception module per side: every public server exception is defined in
domain/errors.py and drawn in its docstring, and none shares a name with a client one."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import jobplane.client as client
from jobplane.server.domain import errors

SERVER = Path(errors.__file__).resolve().parents[1]


def _server_exceptions() -> set[str]:
    return {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value)
        and issubclass(value, BaseException)
        # The handler errors are the shared kit's (jobplane.handlers), drawn here too.
        and value.__module__ in (errors.__name__, "jobplane.handlers._errors")
    }


def test_the_docstring_draws_every_class() -> None:
    drawn = set(re.findall(r"(?:├──|└──) (\w+)", errors.__doc__ or ""))
    assert drawn == _server_exceptions()


def test_no_name_is_shared_with_the_client() -> None:
    ours = _server_exceptions()
    theirs = {
        name
        for name in client.__all__
        if inspect.isclass(getattr(client, name))
        and issubclass(getattr(client, name), BaseException)
    }
    assert "JobplaneError" in theirs  # the client keeps its public name
    assert not ours & theirs, ours & theirs


def test_no_other_server_module_defines_a_public_exception() -> None:
    found = []
    for path in sorted(SERVER.rglob("*.py")):
        if path == Path(errors.__file__).resolve():
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                bases = {ast.unparse(b) for b in node.bases}
                if any(re.search(r"(Error|Exception)$", b) for b in bases):
                    found.append(f"{path.relative_to(SERVER)}:{node.name}")
    assert found == []
