"""A schema-driven fuzz run: schemathesis generates requests from the OpenAPI schema and finds no 500.

The schema is the application's own (the same document the live server serves at
/openapi.json, which a test checks); the requests go to the live server over HTTP.
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from declass.web import create_app
from tests.web.conftest import LiveServer

SCHEMA = create_app("schema-only.db", check=False).openapi()  # never opened: check=False
schema = schemathesis.openapi.from_dict(SCHEMA)


def test_fuzzed_schema_is_the_served_one(client: httpx.Client) -> None:
    assert client.get("/openapi.json").json() == SCHEMA


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case, live: LiveServer) -> None:
    response = case.call(base_url=live.url, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
