"""The documentation keeps up with the code: commands, readers and enrichers are described."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer.main

from declass import enrich, formats
from declass.cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _load_generator():  # the generator is a script, not part of the package
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date() -> None:
    expected = _load_generator().render()
    actual = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run .venv/bin/python scripts/gen_cli_docs.py"


def test_every_command_has_help_with_an_example() -> None:
    group = typer.main.get_command(app)
    ctx = group.context_class(group, info_name="declass")
    missing = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if "Example:" not in (command.help or ""):
            missing.append(name)
    assert not missing, f"commands without an Example: line in their help: {missing}"


def test_every_reader_and_enricher_is_documented() -> None:
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md"))
    undocumented = [name for name in formats.available() if f"`{name}`" not in corpus]
    undocumented += [name for name in enrich.available() if f"`{name}`" not in corpus]
    assert not undocumented, f"not described in docs/: {undocumented}"
