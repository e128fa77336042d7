"""The handler kit: ``jobplane.server.__all__`` is what the README documents, it loads
nothing until used, and the README's handler example runs against it."""

from __future__ import annotations

import re
import subprocess
import sys
import types
from pathlib import Path

import jobplane.server as kit
import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def _kit_section() -> str:
    """The README's "The handler kit" section, up to the next heading."""
    match = re.search(r"^#+ The handler kit\n(.*?)(?=^#+ )", README, re.S | re.M)
    assert match, 'README has no "The handler kit" section'
    return match.group(1)


def _documented_names() -> list[str]:
    """The backquoted names in the first column of the section's table."""
    return re.findall(r"^\| `(\w+)` \|", _kit_section(), re.M)


def test_all_is_what_the_readme_documents() -> None:
    documented = _documented_names()
    assert len(documented) == len(set(documented)), documented
    assert sorted(documented) == sorted(kit.__all__)


def test_every_public_name_resolves_and_nothing_else() -> None:
    for name in kit.__all__:
        assert getattr(kit, name) is not None
        assert name in dir(kit)
    with pytest.raises(AttributeError):
        kit.__getattr__("Manager")  # internal names stay internal
    assert issubclass(kit.NonRetryableError, kit.HandlerError)
    assert not issubclass(kit.JobCancelled, kit.HandlerError)


def test_importing_the_package_loads_no_runtime() -> None:
    """``import jobplane.server`` (as every submodule import does) stays cheap: the kit's
    names load on first use."""
    code = (
        "import sys, jobplane.server as s\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('jobplane.server.'))\n"
        "assert loaded == [], loaded\n"
        "s.JobContext\n"
        "assert 'jobplane.server.runtime.context' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_submodules_still_import_through_the_package() -> None:
    from jobplane.server import app, config

    assert app.start and config.ServerConfig


def test_the_readme_example_registers_with_the_kit() -> None:
    """The README's handler module, run as written: it imports only the kit and
    registers its handler."""
    block = re.search(r"```python\n(.*?)```", _kit_section(), re.S)
    assert block, "the handler kit section has no python example"
    source = block.group(1)
    imports = re.findall(r"^(?:from|import) (\S+)", source, re.M)
    assert imports == ["jobplane.server"], imports
    module = types.ModuleType("readme_handlers")
    exec(compile(source, "README.md", "exec"), module.__dict__)
    registry = kit.Registry()
    module.register(registry)
    registered = registry.get("images.resize")
    assert registered is not None and registered.is_async


def test_test_handler_modules_use_only_the_kit() -> None:
    """The repository's own handler modules are written as a user would write them."""
    for path in sorted((ROOT / "tests").glob("*/handlers.py")):
        text = path.read_text()
        used = set(re.findall(r"^from (jobplane\.server\S*) import", text, re.M))
        assert used <= {"jobplane.server"}, (path, used)
