"""The station fed damaged or hostile district replies ("a corrupt sync payload"): random
bytes, random JSON, and real replies with fields replaced, for the handshake, the push and the pull.
``sync_once`` either finishes or raises the product's ``SyncError`` with a Chinese message; a reply
it cannot use changes nothing: no fact is marked delivered, no catalog row or cursor moves."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_app.bootstrap import Services
from pos_app.domain.errors import PosError
from pos_app.domain.ids import new_id
from pos_app.sync.client import SyncClient
from tests.facts import json_paths, sell

EPOCH = "e1"
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**64), max_value=2**64) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def good_reply(path: str, body: dict[str, Any] | None, params: dict[str, str]) -> dict[str, Any]:
    if path == "/v1/meta":
        return {
            "protocol_versions": [1],
            "server_epoch": EPOCH,
            "server_time": datetime.now(UTC).isoformat(),
            "streams": ["catalog"],
        }
    if path == "/v1/push":
        assert body is not None
        ops = body["ops"]
        return {
            "results": [{"seq": o["seq"], "entity_id": o["entity_id"], "status": "applied"} for o in ops],
            "high_water": max(o["seq"] for o in ops),
            "server_epoch": EPOCH,
        }
    if path == "/v1/state":
        return {
            "as_of": datetime.now(UTC).isoformat(),
            "stock": [{"product_id": new_id(), "station": 40, "own": 3}],
            "balances": [{"household_code": "SC-001", "balance_fen": 1200, "own_fen": 300}],
        }
    if params.get("stream") != "catalog":
        return {"stream": params.get("stream"), "server_epoch": EPOCH, "rows": [], "next_cursor": 0, "has_more": False}
    row = {
        "version": 7,
        "id": new_id(),
        "deleted": False,
        "data": {
            "name": "山西小米",
            "unit_label": "袋",
            "price_fen": 990,
            "codes": ["6923000000013"],
            "category": "粮油",
            "plu": None,
            "active": True,
        },
    }
    return {
        "stream": params.get("stream", "catalog"),
        "server_epoch": EPOCH,
        "rows": [row],
        "next_cursor": 7,
        "has_more": False,
    }


def _state(db: Path) -> tuple[Any, ...]:
    con = sqlite3.connect(db)
    try:
        return (
            con.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status").fetchall(),
            con.execute("SELECT COUNT(*), COALESCE(SUM(price_fen), 0) FROM product").fetchone(),
            con.execute("SELECT cursor FROM sync_cursor WHERE stream = 'catalog'").fetchall(),
            con.execute("SELECT * FROM district_stock ORDER BY product_id").fetchall(),
            con.execute("SELECT * FROM district_balance ORDER BY household_code").fetchall(),
        )
    finally:
        con.close()


REPLY = st.one_of(
    st.tuples(st.just("bytes"), st.binary(max_size=200), st.sampled_from([200, 200, 400, 404, 500, 502])),
    st.tuples(st.just("json"), JSON, st.sampled_from([200, 422, 503])),
    st.tuples(
        st.just("mutated"), st.lists(st.tuples(st.integers(min_value=0), JSON), min_size=1, max_size=3), st.just(200)
    ),
)


def test_damaged_replies_give_a_sync_error_and_change_nothing(stocked: Services, db_path: Path) -> None:
    stocked.sync.save_enrollment("http://district", "t" * 43, EPOCH)
    sell(stocked, ["6920000000012"])
    outcomes: set[str] = set()

    @settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(["/v1/meta", "/v1/push", "/v1/pull", "/v1/state"]), REPLY)
    def check(target: str, reply: tuple[str, Any, int]) -> None:
        kind, content, status = reply

        def handler(request: httpx.Request) -> httpx.Response:
            body = json.loads(request.content) if request.content else None
            good = good_reply(request.url.path, body, dict(request.url.params))
            if request.url.path != target or request.url.params.get("stream", "catalog") != "catalog":
                return httpx.Response(200, json=good)
            if kind == "bytes":
                return httpx.Response(status, content=content)
            if kind == "json":
                return httpx.Response(status, json=content)
            for index, value in content:
                paths = json_paths(good)
                path = paths[index % len(paths)]
                parent = good
                for key in path[:-1]:
                    parent = parent[key]
                parent[path[-1]] = value
            return httpx.Response(status, json=good)

        sell(stocked, ["6920000000012"])  # always something to push
        before = _state(db_path)
        try:
            SyncClient(stocked.sync, transport=httpx.MockTransport(handler)).sync_once()
        except PosError as exc:
            assert exc.message_zh and stocked.sync.status().last_error == exc.message_zh[:500]  # on the status bar
            outcomes.add("refused")
            after = _state(db_path)
            if target == "/v1/state":  # push and pull went through; the station's figures did not move
                assert after[3:] == before[3:]
            elif target == "/v1/pull":  # the push before it went through; the catalog page did not
                assert after[1:] == before[1:]
            else:  # no handshake, or a push reply not understood: nothing moved
                assert after == before
            return
        outcomes.add("finished")

    def honest(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        return httpx.Response(200, json=good_reply(request.url.path, body, dict(request.url.params)))

    SyncClient(stocked.sync, transport=httpx.MockTransport(honest)).sync_once()  # the harness itself works
    assert stocked.catalog.by_code("6923000000013") is not None and stocked.sync.status().waiting == 0
    check()
    assert "refused" in outcomes
