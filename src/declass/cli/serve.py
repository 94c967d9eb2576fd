"""`declass serve`: the reading room (web reader, search and JSON API) over a store."""

from __future__ import annotations

from pathlib import Path

import typer

from declass.cli import app
from declass.cli._common import fail
from declass.errors import DeclassError


@app.command()
def serve(
    db: str = typer.Option(
        None, "--db", help="Store: an SQLite file or a postgresql:// URL (default $DECLASS_DB, else ./declass.db)."
    ),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 shares the corpus on your network."
    ),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    title: str = typer.Option("declass reading room", "--title", help="Name shown at the top of every page."),
) -> None:
    """Serve the corpus as a web application: reader, faceted search and JSON API (read-only).

    Pages: /search, /documents/ID, /entities, /corpus; JSON under /api (schema at /openapi.json,
    browsable at /docs). Nothing is fetched from the network.

    Example: declass serve --db corpus.db --port 8000
    """
    import uvicorn

    from declass.store import is_postgres, resolve_url
    from declass.web import create_app

    url = resolve_url(db)
    if not is_postgres(url):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            raise fail(f"{path}: no such store; create it with `declass ingest --db {path} FILES...`", 2)
    try:
        application = create_app(url, title=title)
    except DeclassError as exc:
        raise fail(str(exc)) from exc
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"declass: serving on {host}:{port}: the corpus is visible to other machines", err=True)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    typer.echo(f"declass: reading room at http://{shown}:{port}/", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False)
