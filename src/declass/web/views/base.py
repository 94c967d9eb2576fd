"""What every view shares: the store of the request, templates, errors and URL helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from declass.store.base import Store
from declass.web.render import document_href, entity_href

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SORTS = ("relevance", "date", "-date")
SORT_LABELS = {"relevance": "relevance", "date": "oldest first", "-date": "newest first"}


class WebError(Exception):
    """An error a view reports to the user: its HTTP status and a message to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def bad_request(message: str) -> WebError:
    return WebError(400, message)


def not_found(message: str) -> WebError:
    return WebError(404, message)


def store_of(request: Request) -> Store:
    """The calling thread's store (see `declass.web.pool`)."""
    return request.app.state.stores.get()


def url_with(path: str, **params: Any) -> str:
    """`path?k=v...` leaving out empty values (None, "", False)."""
    kept = {k: v for k, v in params.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(kept) if kept else "")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        document_href=document_href,
        entity_href=entity_href,
        url_with=url_with,
        quote=quote,
        sort_labels=SORT_LABELS,
    )
    return env


ENV = _environment()


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the shared context (the app title) into an HTML response."""
    context.setdefault("title", None)
    context["site"] = request.app.state.site_title
    html = ENV.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status)
