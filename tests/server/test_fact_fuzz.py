"""Sync payloads fuzzed. schemathesis (test_api_fuzz.py) varies the requests; here the
facts *inside* a well-formed push are varied: real sales, refunds, payouts and delivery events from a
station, with random fields replaced, removed or added, and sealed with a correct hash (a buggy or
tampered station, not a damaged wire). The server judges each one ``applied`` or ``rejected`` with a
code, never fails, and whatever it applies adds up."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from pos_app.bootstrap import Services
from pos_app.contract.protocol import Op, payload_hash
from pos_app.crypto import FieldCipher
from pos_app.domain.ids import new_id
from pos_app.server.models import DistrictSale, DistrictSaleLine
from tests.facts import json_paths, outbox_ops, refund_first_line, sell, with_household_goods
from tests.server.conftest import enroll

PLAUSIBLE = st.integers(min_value=-5, max_value=100_000)  # wrong, but not absurd: sums must still be checked
JSON = st.one_of(PLAUSIBLE, PLAUSIBLE.map(str)) | st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _mutate(doc: Any, path: tuple[Any, ...], action: str, value: Any) -> None:
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "remove" and isinstance(parent, dict):
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent[f"{last}_x"] = value
    else:
        parent[last] = value


def test_mutated_facts_are_judged_never_crash_the_server(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    receipt = sell(s, ["6920000000012", "6953000000010", "6953000000010"])
    refund_first_line(s, receipt)
    seeds = [op for op in outbox_ops(s) if op.entity_type in ("sale", "refund", "consignment", "audit")]
    assert {op.entity_type for op in seeds} >= {"sale", "refund"}
    seq = iter(range(10_000, 10**9))

    @settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(
        st.sampled_from(seeds),
        st.lists(
            st.tuples(st.integers(min_value=0), st.sampled_from(["set", "remove", "add"]), JSON), min_size=1, max_size=3
        ),
    )
    def check(seed: Op, mutations: list[tuple[int, str, Any]]) -> None:
        doc = json.loads(seed.payload_json)
        entity_id = new_id()
        for section in doc.values() if isinstance(doc, dict) else ():
            if isinstance(section, dict) and section.get("id") == seed.entity_id:
                section["id"] = entity_id  # a new fact each time, not a changed resend
        for index, action, value in mutations:
            paths = json_paths(doc)
            if paths:
                _mutate(doc, paths[index % len(paths)], action, value)
        try:
            text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
        except ValueError:
            text = json.dumps(doc, ensure_ascii=False)  # NaN: not JSON, the server must say so
        op = Op(
            seq=next(seq),
            entity_type=seed.entity_type,
            entity_id=entity_id,
            payload_json=text,
            payload_hash=payload_hash(text),
            schema_ver=seed.schema_ver,
        )
        reply = api.post("/v1/push", json={"batch_id": new_id(), "ops": [op.model_dump()]}, headers=headers)
        assert reply.status_code == 200, reply.text
        [result] = reply.json()["results"]
        assert result["status"] in ("applied", "rejected"), result
        if result["status"] == "rejected":
            assert result["code"] and result["message"]

    check()
    with engine.connect() as conn:
        totals = {r.id: r.total_fen for r in conn.execute(select(DistrictSale.id, DistrictSale.total_fen))}
        lines: dict[str, int] = {}
        for sale_id, net, voided in conn.execute(
            select(DistrictSaleLine.sale_id, DistrictSaleLine.net_fen, DistrictSaleLine.voided)
        ):
            lines[sale_id] = lines.get(sale_id, 0) + (0 if voided else net)
    assert {k: v for k, v in totals.items()} == {k: lines.get(k, 0) for k in totals}, "an applied sale does not add up"


def test_facts_that_do_not_add_up_are_rejected(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """What the fuzz above looks for, made on purpose: a sale whose lines do not make its total, a sale
    that does not credit its pass-through line, a refund that does not debit the household back."""
    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    receipts = [sell(s, ["6920000000012", "6953000000010", "6953000000010"]) for _ in range(3)]  # millet, eggs
    cashier = s.users.authenticate("cashier", "1111")
    manager = s.users.authorize("manager", "999999", "manager")
    for _ in range(2):
        s.refunds.refund(receipts[2], {2: 1}, cashier=cashier, approver=manager, reason="蛋壳破了")
    sales = [o for o in outbox_ops(s) if o.entity_type == "sale"]
    refunds = [o for o in outbox_ops(s) if o.entity_type == "refund"]

    def altered(op: Op, change: Any) -> Op:
        doc = json.loads(op.payload_json)
        change(doc)
        text = json.dumps(doc, ensure_ascii=False)
        return op.model_copy(update={"payload_json": text, "payload_hash": payload_hash(text)})

    def verdict(op: Op) -> tuple[str, str | None]:
        reply = api.post("/v1/push", json={"batch_id": new_id(), "ops": [op.model_dump()]}, headers=headers)
        [result] = reply.json()["results"]
        return result["status"], result.get("code")

    def more_total(d: dict[str, Any]) -> None:
        d["sale"]["total_fen"] += 1

    rejected = ("rejected", "inconsistent_payload")
    assert verdict(altered(sales[0], more_total)) == rejected
    assert verdict(altered(sales[1], lambda d: d.update(ledger=[]))) == rejected
    assert verdict(sales[2]) == ("applied", None)  # a true one goes through
    assert verdict(altered(refunds[0], lambda d: d.update(ledger=[]))) == rejected
    assert verdict(refunds[1]) == ("applied", None)
