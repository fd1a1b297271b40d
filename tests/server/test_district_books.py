"""The district judges each fact against its own books: the refusal rules, one test each, every one
asserting that nothing of the refused fact reached the books; and the facts a station really makes
(discounts, 抹零, shuffled arrival, schema 1) are all taken."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from pos_app.bootstrap import Services
from pos_app.contract.protocol import Op, payload_hash
from pos_app.crypto import FieldCipher
from pos_app.domain.ids import new_id
from pos_app.importing.households import HouseholdInput
from pos_app.server import auth, reference
from pos_app.server.models import (
    DistrictDelivery,
    DistrictLedgerEntry,
    DistrictPayout,
    DistrictRefund,
    DistrictSale,
    DistrictStockMovement,
)
from tests.facts import EGGS, outbox_ops, refund_first_line, sell, with_household_goods
from tests.server.conftest import NOW, enroll

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "outbox_v1.json"
MILLET = "6920000000012"


def push(api: TestClient, headers: dict[str, str], ops: list[Op]) -> list[tuple[str, str | None]]:
    body = json.dumps({"batch_id": new_id(), "ops": [o.model_dump() for o in ops]})  # ASCII: \u escapes
    reply = api.post("/v1/push", content=body, headers={**headers, "Content-Type": "application/json"})
    assert reply.status_code == 200, reply.text
    return [(r["status"], r.get("code")) for r in reply.json()["results"]]


def books(engine: Engine) -> dict[str, Any]:
    """Everything a refused fact must not change."""
    with engine.connect() as conn:

        def n(model: type) -> int:
            return int(conn.execute(select(func.count()).select_from(model)).scalar_one())  # type: ignore[arg-type]

        ledger = dict(
            conn.execute(
                select(DistrictLedgerEntry.household_code, func.sum(DistrictLedgerEntry.amount_fen)).group_by(
                    DistrictLedgerEntry.household_code
                )
            ).all()
        )
        return {
            "sales": n(DistrictSale),
            "refunds": n(DistrictRefund),
            "payouts": n(DistrictPayout),
            "stock": n(DistrictStockMovement),
            "orders": sorted(conn.execute(select(DistrictDelivery.id, DistrictDelivery.station_id)).all()),
            "ledger": ledger,
        }


_seq = iter(range(10_000, 10**6))


def forged(op: Op, change: Callable[[dict[str, Any]], None], *, tail: str = "") -> Op:
    """The fact changed by ``change``, as a new fact: fresh ids for it and for its rows."""
    doc = json.loads(op.payload_json)
    entity_id = new_id()
    text = json.dumps(doc).replace(op.entity_id, entity_id)
    doc = json.loads(text)
    for key in ("lines", "payments", "stock", "ledger"):
        for row in doc.get(key, []) if isinstance(doc.get(key), list) else []:
            if op.entity_type == "refund" or key != "lines":
                row["id"] = new_id()
    change(doc)
    text = json.dumps(doc, ensure_ascii=False)
    if tail:
        text = text[:-1] + tail + "}"
    return Op(
        seq=next(_seq),
        entity_type=op.entity_type,
        entity_id=entity_id,
        payload_json=text,
        payload_hash=payload_hash(text),
        schema_ver=op.schema_ver,
    )


@pytest.fixture
def shop(api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A station whose first sale (3 eggs of SC-001, one bag of millet) the district has."""
    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    sell(s, [EGGS, EGGS, EGGS, MILLET])
    assert {st for st, _ in push(api, headers, outbox_ops(s))} == {"applied"}
    return s, headers, engine


def last(s: Services, entity_type: str) -> Op:
    return [o for o in outbox_ops(s) if o.entity_type == entity_type][-1]


def refused(api: TestClient, shop: Any, op: Op, code: str) -> None:
    _, headers, engine = shop
    before = books(engine)
    assert push(api, headers, [op]) == [("rejected", code)]
    assert books(engine) == before


# -- what stations really do is taken ----------------------------------------------------------------


def test_a_discounted_household_line_and_every_rounding_are_taken_and_credit_the_full_price(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    """The issue's smallest cases: one egg at ¥1.50 with ¥0.10 off, and 抹零 drop_jiao without a discount."""
    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    cashier = s.users.authenticate("cashier", "1111").id
    co = s.checkout()
    co.new_sale(cashier)
    co.scan(EGGS)
    co.set_line_discount(1, 10)
    plan = co.start_payment()
    plan.add("cash", plan.due_fen)
    co.pay(plan)
    for mode in ("drop_fen", "drop_jiao", "nearest_jiao"):
        s.settings.set("rounding", mode)
        co = s.checkout()
        co.new_sale(cashier)
        for code in (EGGS, EGGS, EGGS, MILLET):
            co.scan(code)
        co.set_line_discount(2, 7)
        plan = co.start_payment()
        plan.add("cash", plan.due_fen)
        co.pay(plan)
    assert {st for st, _ in push(api, headers, outbox_ops(s))} == {"applied"}
    assert books(engine)["ledger"] == {"SC-001": 150 + 3 * 450}  # the full price, whatever the store gave


def test_refunds_before_their_sales_are_held_then_applied(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    for _ in range(6):
        refund_first_line(s, sell(s, [EGGS, EGGS, MILLET]), 1)
    ops = outbox_ops(s)
    random.Random(3).shuffle(ops)
    seen = [v for k in range(0, len(ops), 5) for v in push(api, headers, ops[k : k + 5])]
    assert ("held", "sale_not_received") in seen and all(st in ("applied", "held") for st, _ in seen)
    assert books(engine)["refunds"] == 6 and books(engine)["ledger"] == {"SC-001": 6 * (300 - 150)}


def test_facts_written_under_schema_1_are_still_read_and_judged(
    api: TestClient, district: tuple[Engine, FieldCipher]
) -> None:
    """Payloads as the station wrote them before sale lines named their household (a discounted
    pass-through line, its refund, the payout, an intake, a shift, a delivery event, an audit entry)."""
    engine, _ = district
    headers = enroll(api, engine)
    ops = [
        Op(
            seq=i,
            payload_hash=payload_hash(f["payload_json"]),
            **{k: f[k] for k in ("entity_type", "entity_id", "payload_json", "schema_ver")},
        )
        for i, f in enumerate(json.loads(FIXTURE.read_text(encoding="utf-8")), start=1)
    ]
    assert {o.schema_ver for o in ops} == {1}
    order = {"consignment": 0, "sale": 1, "refund": 2, "payout": 3}
    ops.sort(key=lambda o: order.get(o.entity_type, 9))
    assert [st for st, _ in push(api, headers, ops)] == ["applied"] * len(ops)
    assert books(engine)["ledger"] == {"SC-001": 300 - 150 - 150}


# -- a sale ---------------------------------------------------------------------------------------------


def _credit(doc: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in doc["ledger"] if r["kind"] == "credit")


def test_credits_that_only_add_up_are_refused(api: TestClient, shop: Any) -> None:
    def split(doc: dict[str, Any]) -> None:
        c = _credit(doc)
        other = {**c, "id": new_id(), "household_code": "SC-002", "amount_fen": -9990}
        c["amount_fen"] += 9990
        doc["ledger"].append(other)

    refused(api, shop, forged(last(shop[0], "sale"), split), "inconsistent_payload")  # one line credited twice


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: _credit(d).update(household_code="SC-002"), "wrong_household"),
        (
            lambda d: [_credit(d).update(household_code="XX-404"), d["lines"][0].update(household_code="XX-404")],
            "wrong_household",
        ),  # the district's consignment book says whose eggs these are
        (lambda d: _credit(d).update(amount_fen=-450), "negative_credit"),
        (lambda d: _credit(d).update(sale_line_id=d["lines"][1]["id"]), "credit_without_pass_through"),
    ],
    ids=["other-household", "unknown-household", "negative", "no-pass-through-line"],
)
def test_a_credit_to_the_wrong_household_or_amount_is_refused(
    api: TestClient, shop: Any, change: Callable[[dict[str, Any]], None], code: str
) -> None:
    def and_new_receipt(d: dict[str, Any]) -> None:
        change(d)
        d["sale"]["doc_seq"] = 50
        d["sale"]["receipt_no"] = "TZ01-01-000050"

    refused(api, shop, forged(last(shop[0], "sale"), and_new_receipt), code)


def test_a_credit_to_a_household_not_in_the_registry_is_refused(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    op = forged(
        next(o for o in outbox_ops(s) if o.entity_type == "consignment"),
        lambda d: d.update(household_code="XX-404"),
    )
    assert push(api, headers, [op]) == [("rejected", "unknown_household")]


def test_receipt_numbers_are_the_terminals_own_and_used_once(api: TestClient, shop: Any) -> None:
    sale = last(shop[0], "sale")
    refused(api, shop, forged(sale, lambda d: None), "receipt_no_reused")
    refused(api, shop, forged(sale, lambda d: d["sale"].update(receipt_no="TZ02-01-000001")), "foreign_receipt_no")


def test_stock_of_another_product_is_refused(api: TestClient, shop: Any) -> None:
    def other(d: dict[str, Any]) -> None:
        d["stock"][0]["product_id"] = new_id()
        d["sale"].update(doc_seq=51, receipt_no="TZ01-01-000051")

    refused(api, shop, forged(last(shop[0], "sale"), other), "unknown_product_stock")


# -- a refund -------------------------------------------------------------------------------------------


@pytest.fixture
def refund_op(shop: Any) -> Op:
    s, _, _ = shop
    receipt = sell(s, [EGGS, EGGS, MILLET])
    refund_first_line(s, receipt, 1)
    return last(s, "refund")


def _push_sale_of(api: TestClient, shop: Any) -> None:
    s, headers, _ = shop
    assert push(api, headers, [last(s, "sale")]) == [("applied", None)]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            lambda d: [d["lines"][0].update(amount_fen=50000), d["refund"].update(total_fen=50000)],
            "refund_exceeds_paid",
        ),
        (lambda d: d["lines"][0].update(quantity=999), "refund_exceeds_sold"),
        (lambda d: d["ledger"][0].update(household_code="SC-002"), "wrong_household"),
        (lambda d: d["ledger"][0].update(amount_fen=-1), "inconsistent_payload"),
        (lambda d: d["lines"][0].update(sale_line_id=new_id()), "unknown_sale_line"),
    ],
    ids=["amount", "quantity", "other-household", "debit", "line"],
)
def test_a_refund_beyond_its_line_or_to_the_wrong_household_is_refused(
    api: TestClient, shop: Any, refund_op: Op, change: Callable[[dict[str, Any]], None], code: str
) -> None:
    _push_sale_of(api, shop)
    refused(api, shop, forged(refund_op, change), code)


def test_the_same_line_refunded_past_what_was_sold_is_refused(api: TestClient, shop: Any, refund_op: Op) -> None:
    _push_sale_of(api, shop)
    _, headers, _ = shop
    assert push(api, headers, [refund_op]) == [("applied", None)]
    again = forged(refund_op, lambda d: d["refund"].update(doc_seq=60, receipt_no="TZ01-01-000060"))
    assert push(api, headers, [again]) == [("applied", None)]  # the second egg of two
    third = forged(refund_op, lambda d: d["refund"].update(doc_seq=61, receipt_no="TZ01-01-000061"))
    refused(api, shop, third, "refund_exceeds_sold")


def test_a_refund_of_another_stations_sale_is_refused(
    api: TestClient, shop: Any, refund_op: Op, district: tuple[Engine, FieldCipher]
) -> None:
    _push_sale_of(api, shop)
    engine, _ = district
    other = enroll(api, engine, "SC01", 1)
    moved = forged(refund_op, lambda d: d["refund"].update(receipt_no="SC01-01-000002"))
    before = books(engine)
    assert push(api, other, [moved]) == [("rejected", "foreign_sale")]
    assert books(engine) == before


# -- payouts ---------------------------------------------------------------------------------------------


@pytest.fixture
def payout_op(shop: Any) -> Op:
    s, _, _ = shop
    s.settlement.settle("SC-001", method="cash", paid_by=s.users.authorize("manager", "999999", "manager"))
    return last(s, "payout")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d.update(amount_fen=-50000), "invalid_payout"),
        (lambda d: d.update(amount_fen=0), "invalid_payout"),
        (lambda d: d.update(amount_fen=10**15), "invalid_payload"),
        (lambda d: d.update(amount_fen=451), "payout_exceeds_balance"),
        (lambda d: d.update(household_code="XX-404"), "unknown_household"),
        (lambda d: d.update(household_code="SC-002"), "not_home_station"),
    ],
    ids=["negative", "zero", "huge", "over-balance", "unregistered", "not-home"],
)
def test_payouts_are_judged_against_the_districts_balance(
    api: TestClient, shop: Any, payout_op: Op, change: Callable[[dict[str, Any]], None], code: str
) -> None:
    refused(api, shop, forged(payout_op, change), code)


def _home_is_the_district(district: tuple[Engine, FieldCipher], code: str = "SC-001") -> None:
    engine, cipher = district
    with engine.begin() as conn:
        reference.import_households(
            conn, [HouseholdInput(code, "张桂兰", "双城区幸福村", home_station_code=None)], cipher, NOW
        )
        conn.execute(
            reference.table(reference.RefHousehold)  # type: ignore[attr-defined]
            .update()
            .where(reference.RefHousehold.code == code)  # type: ignore[attr-defined]
            .values(home_station_code="")
        )


def test_a_household_without_a_home_station_is_settled_by_the_district_only(
    api: TestClient, shop: Any, payout_op: Op, district: tuple[Engine, FieldCipher]
) -> None:
    _home_is_the_district(district)
    refused(api, shop, payout_op, "district_settles")


def test_the_district_pays_out_its_own_households_once_against_its_books(
    api: TestClient,
    shop: Any,
    district: tuple[Engine, FieldCipher],
    server_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pos_app.server.cli import main as server_main
    from tests.server.conftest import admin_header

    _, _, engine = shop  # the district holds ¥4.50 credited to SC-001 (three eggs)
    _home_is_the_district(district)
    before = books(engine)

    def pay(**body: Any) -> Any:
        return api.post("/v1/payouts", json={"household_code": "SC-001", **body}, headers=admin_header())

    assert pay(method="cash", amount_fen=451).json()["code"] == "payout_exceeds_balance"
    assert pay(method="bank").status_code == 400  # a transfer needs its reference
    assert api.post("/v1/payouts", json={"household_code": "SC-001", "method": "cash"}).status_code == 401
    assert books(engine) == before
    done = pay(method="bank", reference="TX-2026-001")
    assert done.status_code == 200, done.text
    assert (done.json()["statement_no"], done.json()["amount_fen"], done.json()["balance_after_fen"]) == (
        "QX-JS-000001",
        450,
        0,
    )
    assert books(engine)["ledger"] == {"SC-001": 0} and books(engine)["payouts"] == before["payouts"] + 1
    after = books(engine)
    assert pay(method="cash").json()["code"] == "invalid_payout"  # nothing left: never paid twice
    capsys.readouterr()
    assert server_main(["--db", server_url, "payout", "SC-001", "--method", "cash"]) == 2
    assert server_main(["--db", server_url, "payout", "SC-002", "--method", "cash"]) == 2  # home is SC01
    assert "SC01" in capsys.readouterr().err
    assert server_main(["--db", server_url, "payout", "XX-404", "--method", "cash"]) == 2
    assert books(engine) == after


def test_the_district_cli_pays_out_part_of_a_balance(
    shop: Any, district: tuple[Engine, FieldCipher], server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from pos_app.server.cli import main as server_main

    _, _, engine = shop
    _home_is_the_district(district)
    capsys.readouterr()
    assert server_main(["--db", server_url, "payout", "SC-001", "--method", "cash", "--amount", "1.20"]) == 0
    assert "¥1.20" in capsys.readouterr().out and books(engine)["ledger"] == {"SC-001": 330}


def test_a_true_payout_is_taken(api: TestClient, shop: Any, payout_op: Op) -> None:
    _, headers, engine = shop
    assert push(api, headers, [payout_op]) == [("applied", None)]
    assert books(engine)["ledger"] == {"SC-001": 0}


# -- deliveries, and damaged facts ------------------------------------------------------------------


def test_a_delivery_event_of_another_stations_order_is_refused(
    api: TestClient, shop: Any, district: tuple[Engine, FieldCipher]
) -> None:
    engine, _ = district
    _, headers, _ = shop
    order = new_id()
    event = {
        "id": new_id(),
        "order_id": order,
        "order_no": "TZ01-D-000001",
        "day": "2026-11-21",
        "from_state": None,
        "to_state": "requested",
        "rank": 0,
        "at": "2026-11-20T01:00:00Z",
    }
    text = json.dumps(event)
    op = Op(
        seq=next(_seq),
        entity_type="delivery",
        entity_id=event["id"],
        payload_json=text,
        payload_hash=payload_hash(text),
        schema_ver=2,
    )
    assert push(api, headers, [op]) == [("applied", None)]
    other = enroll(api, engine, "SC01", 1)
    moved = forged(op, lambda d: d.update(to_state="cancelled", rank=9))
    before = books(engine)
    assert push(api, other, [moved]) == [("rejected", "foreign_order")]
    assert books(engine) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["sale"].update(completed_at="9999-12-31T23:59:59+00:00"),
        lambda d: d["sale"].update(completed_at="0001-01-01T00:00:00+14:00"),
        lambda d: d["lines"][0].update(qty=2**70),
        lambda d: d["lines"][0].update(name="鸡蛋\x00"),
        lambda d: [d["sale"].update(total_fen=10**15), d["lines"][0].update(net_fen=10**15)],
    ],
    ids=["year-9999", "year-1", "past-64-bits", "nul", "past-the-store-integer"],
)
def test_malformed_facts_are_refused_one_by_one_never_a_server_error(
    api: TestClient, shop: Any, change: Callable[[dict[str, Any]], None]
) -> None:
    s, headers, engine = shop
    bad = forged(last(s, "sale"), change)
    for b in (bad, forged(last(s, "audit"), lambda d: None, tail=',"deep":' + "[" * 1200 + "]" * 1200)):
        before = books(engine)
        assert push(api, headers, [b, last(s, "audit")])[0] == ("rejected", "invalid_payload")
        assert books(engine) == before


def test_a_fact_nested_deep_is_refused(api: TestClient, shop: Any) -> None:
    s, headers, engine = shop
    bad = forged(last(s, "audit"), lambda d: None, tail=',"deep":' + "[" * 1200 + "]" * 1200)
    fine = last(s, "audit")
    before = books(engine)
    assert push(api, headers, [bad, fine])[0] == ("rejected", "invalid_payload")
    assert books(engine) == before


def test_surrogates_and_nul_are_refused_as_a_fact_and_as_a_changed_resend(api: TestClient, shop: Any) -> None:
    s, headers, engine = shop
    sale = last(s, "sale")
    before = books(engine)
    escaped = forged(sale, lambda d: None, tail=r',"x":"\ud800"')  # a lone surrogate's escape, in the text
    assert push(api, headers, [escaped]) == [("rejected", "invalid_payload")]
    payload = sale.payload_json[:-1] + ',"x":"\x00"}'  # a NUL in a changed resend of a known fact
    op = sale.model_copy(update={"payload_json": payload, "payload_hash": payload_hash(payload)})
    assert push(api, headers, [op]) == [("rejected", "invalid_payload")]
    lone = sale.payload_json[:-1] + ',"x":"\ud800"}'  # a lone surrogate itself cannot even be read as a request
    body = json.dumps({"batch_id": new_id(), "ops": [{**sale.model_dump(), "payload_json": lone}]})
    reply = api.post("/v1/push", content=body, headers={**headers, "Content-Type": "application/json"})
    assert reply.status_code == 422 and reply.json()["code"] == "invalid_request"
    assert books(engine) == before


def test_two_enrollments_with_one_code_at_once_give_one_token(district: tuple[Engine, FieldCipher]) -> None:
    engine, _ = district
    import threading

    with engine.begin() as conn:
        code = auth.enrollment_code(conn, "TZ01", 5, NOW)
    got: list[object] = []

    def go() -> None:
        try:
            with engine.begin() as conn:
                got.append(auth.enroll(conn, code, "TZ01", 5, NOW))
        except Exception as exc:
            got.append(exc)

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(not isinstance(g, Exception) for g in got) == 1


# -- the audit chain, as the district receives it -----------------------------------------------------


def test_the_district_lists_where_a_terminals_audit_chain_does_not_continue(
    api: TestClient, shop: Any, server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from pos_app.server.cli import main as server_main
    from tests.server.conftest import admin_header

    s, headers, _ = shop
    for _ in range(3):
        s.audit.record("drawer_open", user_id=None)
    push(api, headers, outbox_ops(s))
    assert api.get("/v1/reports/audit-breaks", headers=admin_header()).json() == []
    tip = api.get("/v1/audit/tip", headers=headers).json()
    assert tip["entries"] >= 3 and s.audit.matches_district(tip["entries"], tip["hash"])
    assert server_main(["--db", server_url, "audit-breaks"]) == 0

    # the station's newest two entries, already at the district, are deleted; the till goes on
    with sqlite3.connect(str(s.db.engine.url.database)) as con:
        con.execute("delete from audit_log where seq > (select max(seq) - 2 from audit_log)")
    assert not s.audit.matches_district(tip["entries"], tip["hash"])
    s.audit.record("drawer_open", user_id=None)
    push(api, headers, outbox_ops(s))
    (brk,) = api.get("/v1/reports/audit-breaks", headers=admin_header()).json()
    assert (brk["station_code"], brk["terminal"], brk["n"], brk["expected_prev"]) == (
        "TZ01",
        1,
        tip["entries"] + 1,
        tip["hash"],
    )
    capsys.readouterr()
    assert server_main(["--db", server_url, "audit-breaks"]) == 3
    assert "TZ01-01" in capsys.readouterr().out


def test_the_stations_refunds_come_down_to_its_tills_and_survive_the_upgrade_that_added_them(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    from alembic import command

    from pos_app.server.db import _config

    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    refunds = [refund_first_line(s, sell(s, [EGGS, EGGS, MILLET]), 1) for _ in range(3)]
    assert {st for st, _ in push(api, headers, outbox_ops(s))} == {"applied"}

    def stream(h: dict[str, str], since: int = 0) -> list[dict[str, Any]]:
        reply = api.get("/v1/pull", params={"stream": "station_refunds", "since": since}, headers=h)
        assert reply.status_code == 200, reply.text
        return list(reply.json()["rows"])

    rows = stream(headers)
    receipts = [json.loads(r["data"]["fact_json"])["refund"]["receipt_no"] for r in rows]
    assert receipts == refunds  # in the order the district took them
    assert stream(enroll(api, engine, "TZ01", 2)) == rows  # the station's other till gets them
    assert stream(enroll(api, engine, "SC01", 1)) == []  # another station's till does not
    assert stream(headers, rows[-1]["version"]) == []
    cfg = _config()
    with engine.begin() as conn:  # a district that held refunds before the stream existed
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    again = stream(headers)
    assert [r["id"] for r in again] == [r["id"] for r in rows]
    assert len({r["version"] for r in again}) == 3 and min(r["version"] for r in again) > rows[-1]["version"]


def test_a_goods_receipt_is_judged_and_counted_in_the_stations_stock(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    from pos_app.importing.suppliers import SupplierInput
    from pos_app.server.models import TerminalStock
    from pos_app.services.purchasing import ReceiptItem

    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    manager = s.users.authorize("manager", "999999", "manager")
    s.suppliers.save(SupplierInput("S01", "兴农合作社", "93150400MA0N123454"), by=manager)
    s.purchasing.receive("S01", [ReceiptItem(MILLET, 40, 620), ReceiptItem("1001", 12_500, 180)], by=manager)
    s.purchasing.receive("S01", [ReceiptItem(MILLET, 5, 620)], by=manager, kind="return")
    ops = outbox_ops(s)
    assert {st for st, _ in push(api, headers, ops)} == {"applied"}
    millet = s.catalog.by_code(MILLET)
    assert millet is not None
    with engine.connect() as conn:
        on_hand = conn.execute(
            select(func.sum(TerminalStock.on_hand)).where(TerminalStock.product_id == millet.id)
        ).scalar_one()
    assert on_hand == 35  # received 40, returned 5: the district's stock for the station agrees
    receipt = next(o for o in ops if o.entity_type == "goods_receipt")

    def overcharged(d: dict[str, Any]) -> None:  # a line that does not cost what its quantity and price say
        d["lines"][0]["cost_fen"] += 100
        d["total_cost_fen"] += 100

    before = books(engine)
    assert push(api, headers, [forged(receipt, overcharged)]) == [("rejected", "inconsistent_payload")]
    eggs = s.catalog.by_code(EGGS)
    assert eggs is not None

    def household_goods(d: dict[str, Any]) -> None:  # a household's eggs are not bought from a supplier
        d["lines"] = [dict(d["lines"][0], product_id=eggs.id, quantity=1, unit_cost_fen=100, cost_fen=100)]
        d["stock"] = [dict(d["stock"][0], product_id=eggs.id, delta=1)]
        d["total_cost_fen"] = 100

    assert push(api, headers, [forged(receipt, household_goods)]) == [("rejected", "consigned_goods")]
    assert books(engine) == before


def test_a_write_off_is_counted_in_the_stations_stock_and_never_touches_a_households_money(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    from pos_app.server.models import TerminalStock

    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    manager = s.users.authorize("manager", "999999", "manager")
    cashier = s.users.authenticate("cashier", "1111")
    sell(s, [EGGS] * 2)
    s.stock.write_off(EGGS, 5, "broken", by=cashier, approver=manager)
    ops = outbox_ops(s)
    assert {st for st, _ in push(api, headers, ops)} == {"applied"}
    eggs = s.catalog.by_code(EGGS)
    assert eggs is not None
    with engine.connect() as conn:
        on_hand = conn.execute(
            select(func.sum(TerminalStock.on_hand)).where(TerminalStock.product_id == eggs.id)
        ).scalar_one()
    assert on_hand == 500 - 2 - 5
    assert books(engine)["ledger"] == {"SC-001": 300}  # the two sold, not the five broken
    adjustment = next(o for o in ops if o.entity_type == "stock_adjustment")

    def adds(d: dict[str, Any]) -> None:  # a "write-off" that puts stock in
        d["lines"][0]["delta"] = 5
        d["stock"][0]["delta"] = 5

    def mismatched(d: dict[str, Any]) -> None:  # stock rows that are not the lines
        d["stock"][0]["delta"] = -50

    before = books(engine)
    assert push(api, headers, [forged(adjustment, adds)]) == [("rejected", "inconsistent_payload")]
    assert push(api, headers, [forged(adjustment, mismatched)]) == [("rejected", "unknown_product_stock")]
    other = enroll(api, engine, "SC01", 1)
    assert push(api, other, [forged(adjustment, lambda d: None)]) == [("rejected", "foreign_consignment")]
    assert books(engine) == before


def test_a_stocktake_books_gains_and_losses_in_the_stations_stock_and_leaves_households_money(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    from pos_app.server.models import TerminalStock

    engine, _ = district
    headers = enroll(api, engine)
    s = with_household_goods(stocked, tmp_path)
    manager = s.users.authorize("manager", "999999", "manager")
    sell(s, [EGGS] * 2)
    s.stocktake.start(by=manager)
    s.stocktake.count(EGGS, 490)  # eight eggs short
    s.stocktake.count(MILLET, 3)  # three bags found
    done = s.stocktake.book(by=manager, approver=manager)
    assert done.household_loss_fen == -1200
    assert {st for st, _ in push(api, headers, outbox_ops(s))} == {"applied"}
    with engine.connect() as conn:
        stock = dict(
            conn.execute(
                select(TerminalStock.product_id, func.sum(TerminalStock.on_hand)).group_by(TerminalStock.product_id)
            ).all()
        )
    eggs, millet = s.catalog.by_code(EGGS), s.catalog.by_code(MILLET)
    assert eggs is not None and millet is not None
    assert stock[eggs.id] == 490 and stock[millet.id] == 3
    assert books(engine)["ledger"] == {"SC-001": 300}  # the two sold, nothing for the shortage
