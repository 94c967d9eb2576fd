"""The `declass` command: a thin layer that parses, calls the library and prints.

Each command group lives in its own module and registers itself on `app`; a
`declass.errors.DeclassError` becomes one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="declass",
    help="Read, enrich, store and explore declassified government records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: command modules, each registering its commands on `app` when imported
COMMAND_MODULES = (
    "declass.cli.read",
    "declass.cli.corpus",
    "declass.cli.volumes",
    "declass.cli.enrich",
    "declass.cli.serve",
)

for _name in COMMAND_MODULES:
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as _exc:
        if _exc.name != _name:
            raise


def main() -> None:
    app()
