"""schemathesis against the server's OpenAPI spec: no request makes it fail (5xx), and none gets past
its authentication, on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import base64

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from pos_app.crypto import FieldCipher
from pos_app.server.app import create_app
from tests.server.conftest import ADMIN, NOW, enroll

OPEN = {"/v1/meta"}  # the only endpoint without credentials
PROTECTED = {
    "/v1/push",
    "/v1/pull",
    "/v1/audit/tip",
    "/v1/reports/district",
    "/v1/reports/gaps",
    "/v1/reports/quarantine",
    "/v1/reports/audit-breaks",
    "/v1/payouts",
    "/v1/state",
    "/v1/settlements",
    "/v1/households/{code}/ledger",
    "/v1/sales/{receipt_no}",
}


def _schema(district: tuple[Engine, FieldCipher]):  # type: ignore[no-untyped-def]
    engine, cipher = district
    app = create_app(engine, cipher, clock=lambda: NOW)
    app.add_api_route("/openapi.json", app.openapi, include_in_schema=False)  # for the fuzzer only
    return app, schemathesis.openapi.from_asgi("/openapi.json", app)


FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_spec_lists_every_endpoint_and_its_security(district: tuple[Engine, FieldCipher]) -> None:
    app, _ = _schema(district)
    spec = app.openapi()
    assert set(spec["paths"]) == OPEN | PROTECTED | {"/v1/enroll"}
    assert spec["paths"]["/v1/push"]["post"]["security"] == [{"terminal": []}]
    assert spec["paths"]["/v1/reports/gaps"]["get"]["security"] == [{"admin": []}]
    assert spec["paths"]["/v1/reports/audit-breaks"]["get"]["security"] == [{"admin": []}]
    assert spec["paths"]["/v1/audit/tip"]["get"]["security"] == [{"terminal": []}]
    assert spec["paths"]["/v1/settlements"]["post"]["security"] == [{"terminal": []}]
    assert spec["paths"]["/v1/state"]["get"]["security"] == [{"terminal": []}]


def test_no_request_without_credentials_gets_in_or_breaks_the_server(district: tuple[Engine, FieldCipher]) -> None:
    _, schema = _schema(district)
    for result in schema.get_all_operations():
        op = result.ok()

        @given(op.as_strategy())
        @FUZZ
        def check(case) -> None:  # type: ignore[no-untyped-def]
            headers = dict(case.headers or {})
            auth = headers.get("Authorization") or headers.get("authorization")
            reply = case.call(headers=headers)
            assert reply.status_code < 500, (case.method, case.path, reply.text)
            path = case.operation.path
            if path in PROTECTED:
                assert reply.status_code in (400, 401, 404, 413, 422), (case.method, case.path, auth, reply.text)
                assert reply.status_code != 200
            if path == "/v1/enroll":
                assert reply.status_code != 200  # a made-up code never enrolls
            if reply.status_code >= 400:
                assert set(reply.json()) == {"code", "message", "message_zh"}

        check()


def test_no_request_with_credentials_breaks_the_server(district: tuple[Engine, FieldCipher]) -> None:
    app, schema = _schema(district)
    from fastapi.testclient import TestClient

    with TestClient(app) as api:
        terminal = enroll(api, district[0])
    admin = {"Authorization": "Basic " + base64.b64encode(":".join(ADMIN).encode()).decode()}
    for result in schema.get_all_operations():
        op = result.ok()

        @given(op.as_strategy())
        @FUZZ
        def check(case) -> None:  # type: ignore[no-untyped-def]
            reply = case.call(headers=admin if case.operation.path.startswith("/v1/reports") else terminal)
            assert reply.status_code < 500, (case.method, case.path, case.body, reply.text)
            if reply.status_code >= 400:
                assert set(reply.json()) == {"code", "message", "message_zh"}

        check()


@pytest.mark.parametrize("text", ["tab\x00nul", "\ud800"])
def test_text_the_database_cannot_store_is_refused_cleanly(district: tuple[Engine, FieldCipher], text: str) -> None:
    """A NUL or a lone surrogate inside a fact: a clear refusal, never a crash (PostgreSQL rejects both)."""
    from fastapi.testclient import TestClient

    from pos_app.contract.protocol import payload_hash
    from pos_app.domain.ids import new_id

    app, _ = _schema(district)
    with TestClient(app) as api:
        headers = enroll(api, district[0])
        body = '{"note":"' + text + '"}'
        op = {
            "seq": 1,
            "entity_type": "audit",
            "entity_id": new_id(),
            "payload_json": body,
            "payload_hash": payload_hash(body) if text != "\ud800" else "0" * 64,
            "schema_ver": 1,
        }
        import json

        raw = json.dumps({"batch_id": new_id(), "ops": [op]})
        reply = api.post("/v1/push", content=raw.encode(), headers={**headers, "Content-Type": "application/json"})
    assert reply.status_code in (200, 422), reply.text
    if reply.status_code == 200:
        assert reply.json()["results"][0]["status"] == "rejected"
