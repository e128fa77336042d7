"""The CLI's server commands (``serve``, ``migrate``): loaded from the server package
only when asked for, and a one-line explanation when it is not installed."""

from __future__ import annotations

import importlib

import click
from jobplane.client import _server_extra
from jobplane.client._cli_args import ExitCode


class ServerCommands(click.Group):
    """The command group; ``serve`` and ``migrate`` come from the server package, loaded
    only when asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *_SERVER_COMMANDS, *_LATER_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _SERVER_COMMANDS:
            return _load_server_command(cmd_name)
        if cmd_name in _LATER_COMMANDS:
            module, attr = _LATER_COMMANDS[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), attr)
            return command
        return super().get_command(ctx, cmd_name)


#: Commands loaded only when asked for: name -> (module, attribute). ``worker`` lives
#: in jobplane.worker, which never imports the server.
_SERVER_COMMANDS = {
    "serve": ("jobplane.server.cli", "serve"),
    "migrate": ("jobplane.server.migrate", "migrate"),
    "worker": ("jobplane.worker._cli", "worker"),
}
#: Client commands kept in modules of their own, which import the CLI (so they are
#: loaded on first use, not at import): name -> (module, attribute).
_LATER_COMMANDS = {
    "schedule": ("jobplane.client._cli_schedule", "schedule"),
}


def _load_server_command(name: str) -> click.Command:
    absent = _server_extra.missing()
    if absent:
        return _unavailable(
            name,
            f"Server command (needs {_server_extra.INSTALL_HINT}).",
            _server_extra.message(name, absent),
            ExitCode.USAGE,
        )
    module, attr = _SERVER_COMMANDS[name]
    try:
        command = getattr(importlib.import_module(module), attr)
    except Exception as exc:  # any failure of the server package leaves the client usable
        problem = f"{type(exc).__name__}: {exc}"
    else:
        if isinstance(command, click.Command):
            return command
        problem = f"{module}.{attr} is not a click command"
    return _unavailable(
        name,
        f"Server command (unavailable here: {problem}).",
        f"error: the server cannot {name}: {problem}",
        ExitCode.ERROR,
    )


def _unavailable(name: str, help_text: str, line: str, code: ExitCode) -> click.Command:
    """A stand-in that still lists in ``--help`` and says in one line why it cannot run."""

    @click.command(name, help=help_text, context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def unavailable(args: tuple[str, ...]) -> None:
        click.echo(line, err=True)
        raise SystemExit(code)

    return unavailable
