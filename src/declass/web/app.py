"""Build the reading-room application: pages, the JSON API, static files and error pages.

    >>> app = create_app("corpus.db")            # doctest: +SKIP
    >>> # uvicorn.run(app, host="127.0.0.1", port=8000)

The application only reads: it has no route that writes to the store. Every error a user
can cause (a malformed query, a bad parameter, an unknown id) is a 400 or 404 with a
message, as JSON under /api and as a page elsewhere.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from declass._version import __version__
from declass.web.pool import StorePool
from declass.web.views import api, corpus, document, entity, search
from declass.web.views.base import WebError, render

STATIC = Path(__file__).resolve().parent / "static"
SITE_TITLE = "declass reading room"


def create_app(store_url: str, *, title: str = SITE_TITLE, check: bool = True) -> FastAPI:
    """The FastAPI application serving the store at `store_url` (a SQLite path or a postgresql:// URL).

    With `check` the store is opened once at once, so a wrong path fails here with a
    StoreError rather than on the first request.
    """
    stores = StorePool(store_url)
    if check:
        stores.check()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(
        title=title,
        version=__version__,
        description="Read, search and cite a corpus of declassified records. Read-only.",
        lifespan=lifespan,
        docs_url=None,  # the stock pages load their scripts from a CDN; /api-docs is served locally
        redoc_url=None,
    )
    app.state.stores = stores
    app.state.site_title = title
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    for module in (api, search, document, entity, corpus):
        app.include_router(module.router)
    app.include_router(api.pages)
    _install_error_handlers(app)
    app.add_middleware(ServerTiming)
    return app


class ServerTiming:
    """Adds `Server-Timing: app;dur=<ms>` to every response: the time spent producing it.

    A plain ASGI middleware (no per-request task), so measuring costs next to nothing;
    bench/bench_web.py reads the header, and so can a browser's developer tools.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - started) * 1000.0
                headers = list(message.get("headers") or [])
                headers.append((b"server-timing", f"app;dur={ms:.2f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, timed_send)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    heading = {400: "That request could not be understood", 404: "Not found"}.get(status, "Error")
    try:
        return render(request, "error.html", status=status, title=heading, heading=heading, message=message)
    except Exception:  # the error page itself must never fail
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {err.get('msg', 'invalid value')}" if where else str(err.get("msg")))
    return "; ".join(parts) or "invalid parameters"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return _error(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 400, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"there is no page at {request.url.path}"
        return _error(request, exc.status_code, message)
