"""Write docs/cli.md from the commands' own help, so the reference never drifts.

Run: .venv/bin/python scripts/gen_cli_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer.main

from declass.cli import app

HEADER = """# Command reference

Generated from the commands' own help by `scripts/gen_cli_docs.py`; a test checks that it
is up to date. Every command accepts `--help`.
"""


def render() -> str:
    group = typer.main.get_command(app)
    ctx = group.context_class(group, info_name="declass")
    parts = [HEADER]
    for name in sorted(group.list_commands(ctx)):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        if command is None or command.hidden:
            continue
        parts.append(f"\n## `declass {name}`\n\n")
        parts.append((command.help or "").strip() + "\n")
        options = []
        for param in command.params:
            if param.param_type_name == "argument":
                options.append(f"- `{(param.name or '').upper()}` (argument)")
            elif param.param_type_name == "option":
                flags = ", ".join(f"`{o}`" for o in param.opts + param.secondary_opts)
                options.append(f"- {flags}: {param.help or ''}".rstrip())
        if options:
            parts.append("\n" + "\n".join(options) + "\n")
    return "".join(parts)


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    target.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":
    main()
