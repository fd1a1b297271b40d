"""The district server through its HTTP API, on SQLite and on the real PostgreSQL."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from pos_app.bootstrap import Services
from pos_app.contract.protocol import Op, payload_hash
from pos_app.crypto import FieldCipher
from pos_app.domain.barcodes import with_check_digit
from pos_app.domain.clock import LOCAL_TZ
from pos_app.domain.ids import new_id
from pos_app.importing.catalog import ProductInput
from pos_app.server import auth, reference
from pos_app.server.models import (
    DistrictDelivery,
    DistrictLedgerEntry,
    DistrictSale,
    DistrictSaleLine,
    Fact,
    Quarantine,
)
from tests.facts import EGGS, outbox_ops, refund_first_line, sell, with_household_goods
from tests.server.conftest import NOW, admin_header, enroll

MILLET, CHICKEN = "6920000000012", "6935000000023"


def push(api: TestClient, headers: dict[str, str], ops: list[Op]) -> dict[str, object]:
    body = {"batch_id": new_id(), "ops": [op.model_dump() for op in ops]}
    reply = api.post("/v1/push", json=body, headers=headers)
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def statuses(reply: dict[str, object]) -> list[str]:
    return [r["status"] for r in reply["results"]]  # type: ignore[attr-defined, index]


def count(engine: Engine, model: type, *where: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one())  # type: ignore[arg-type]


# -- who may talk to us ------------------------------------------------------------------------------


def test_only_meta_answers_without_credentials(api: TestClient) -> None:
    meta = api.get("/v1/meta").json()
    assert meta["protocol_versions"] == [1] and "catalog" in meta["streams"] and meta["server_epoch"]
    for method, path in (("POST", "/v1/push"), ("GET", "/v1/pull?stream=catalog"), ("GET", "/v1/reports/district")):
        reply = api.request(method, path, json={} if method == "POST" else None)
        assert reply.status_code == 401, (path, reply.text)
        body = reply.json()
        assert body["code"] == "unauthorised" and body["message_zh"]
    bad = api.get("/v1/pull?stream=catalog", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401


def test_enrollment_code_is_one_time_expires_and_names_its_terminal(
    api: TestClient, district: tuple[Engine, FieldCipher]
) -> None:
    engine, _ = district
    with engine.begin() as conn:
        code = auth.enrollment_code(conn, "TZ01", 1, NOW)
        old = auth.enrollment_code(conn, "TZ01", 2, NOW - timedelta(days=2))
    wrong_terminal = api.post("/v1/enroll", json={"code": code, "station_code": "TZ01", "terminal": 3})
    assert wrong_terminal.status_code == 403 and wrong_terminal.json()["code"] == "enrollment_mismatch"
    ok = api.post("/v1/enroll", json={"code": code.lower(), "station_code": "tz01", "terminal": 1})
    assert ok.status_code == 200 and ok.json()["station_name"] == "通州社区扶贫超市"
    again = api.post("/v1/enroll", json={"code": code, "station_code": "TZ01", "terminal": 1})
    assert again.status_code == 403 and again.json()["code"] == "enrollment_refused"
    expired = api.post("/v1/enroll", json={"code": old, "station_code": "TZ01", "terminal": 2})
    assert expired.status_code == 403
    # the server keeps only a hash of the token
    token = ok.json()["token"]
    with engine.connect() as conn:
        from pos_app.server.models import DistrictTerminal

        stored = conn.execute(select(DistrictTerminal.token_hash)).scalars().all()
    assert token not in stored and auth.sha256(token) in stored


def test_revoked_token_is_refused(api: TestClient, district: tuple[Engine, FieldCipher]) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    assert api.get("/v1/pull?stream=tenders", headers=headers).status_code == 200
    with engine.begin() as conn:
        auth.revoke(conn, "TZ01", 1, NOW)
    reply = api.get("/v1/pull?stream=tenders", headers=headers)
    assert reply.status_code == 401 and reply.json()["code"] == "token_revoked"


# -- facts, exactly once -----------------------------------------------------------------------------


def test_sale_applies_once_resend_is_duplicate_changed_is_quarantined(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    with_household_goods(stocked, tmp_path)
    sell(stocked, [MILLET, EGGS, EGGS])
    ops = outbox_ops(stocked)
    first = push(api, headers, ops)
    assert set(statuses(first)) == {"applied"}
    assert first["high_water"] == ops[-1].seq
    assert statuses(push(api, headers, ops)) == ["duplicate"] * len(ops)
    sale_op = next(op for op in ops if op.entity_type == "sale")
    changed_text = sale_op.payload_json.replace('"total_fen":1190', '"total_fen":1')
    assert changed_text != sale_op.payload_json
    changed = sale_op.model_copy(update={"payload_json": changed_text, "payload_hash": payload_hash(changed_text)})
    assert statuses(push(api, headers, [changed])) == ["mismatch"]
    assert count(engine, Quarantine) == 1
    assert count(engine, DistrictSale) == 1 and count(engine, DistrictSaleLine) == 2  # the two eggs are one line
    with engine.connect() as conn:
        total = conn.execute(select(DistrictSale.total_fen)).scalar_one()
        credited = conn.execute(
            select(DistrictLedgerEntry.household_code, func.sum(DistrictLedgerEntry.amount_fen)).group_by(
                DistrictLedgerEntry.household_code
            )
        ).all()
    assert total == 890 + 300
    assert [tuple(r) for r in credited] == [("SC-001", 300)]


def test_damaged_unknown_and_malformed_facts_are_rejected_not_stored(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    sell(stocked, [MILLET])
    op = next(o for o in outbox_ops(stocked) if o.entity_type == "sale")
    damaged = op.model_copy(update={"payload_json": op.payload_json.replace("890", "891")})
    unknown = Op(
        seq=50,
        entity_type="bonus",
        entity_id=new_id(),
        payload_json="{}",
        payload_hash=payload_hash("{}"),
        schema_ver=1,
    )
    text = json.dumps({"sale": {"id": "x"}})
    malformed = Op(
        seq=51, entity_type="sale", entity_id=new_id(), payload_json=text, payload_hash=payload_hash(text), schema_ver=1
    )
    future = op.model_copy(update={"seq": 52, "entity_id": new_id(), "schema_ver": 9})
    reply = push(api, headers, [damaged, unknown, malformed, future])
    codes = [r["code"] for r in reply["results"]]  # type: ignore[attr-defined]
    assert statuses(reply) == ["rejected"] * 4
    assert codes == ["corrupt_payload", "unknown_entity_type", "invalid_payload", "unsupported_schema"]
    assert count(engine, DistrictSale) == 0 and count(engine, Fact) == 0
    # the intact fact still goes through afterwards
    assert statuses(push(api, headers, [op])) == ["applied"]


def test_same_fact_twice_in_one_batch_counts_once(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    sell(stocked, [MILLET])
    ops = [o for o in outbox_ops(stocked) if o.entity_type == "sale"]
    assert statuses(push(api, headers, ops * 3)) == ["applied", "duplicate", "duplicate"]
    assert count(engine, DistrictSale) == 1


def test_refund_and_payout_reach_the_household_ledger(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    with_household_goods(stocked, tmp_path)
    receipt = sell(stocked, [EGGS] * 4)
    refund_first_line(stocked, receipt, 1)
    manager = stocked.users.authorize("manager", "999999", "manager")
    stocked.settlement.settle("SC-001", method="cash", paid_by=manager)
    assert set(statuses(push(api, headers, outbox_ops(stocked)))) == {"applied"}
    with engine.connect() as conn:
        rows = conn.execute(
            select(DistrictLedgerEntry.kind, DistrictLedgerEntry.amount_fen).order_by(DistrictLedgerEntry.at)
        ).all()
    assert sorted(tuple(r) for r in rows) == [("credit", 600), ("debit", -150), ("payout", -450)]


def test_payout_from_a_station_that_is_not_the_households_home_is_rejected(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    engine, cipher = district
    from pos_app.importing.households import HouseholdInput

    with engine.begin() as conn:  # the district says SC-001 is settled at SC01
        reference.import_households(
            conn, [HouseholdInput("SC-001", "张桂兰", "双城区幸福村", home_station_code="SC01")], cipher, NOW
        )
    headers = enroll(api, engine)
    with_household_goods(stocked, tmp_path)
    sell(stocked, [EGGS] * 2)
    stocked.settlement.settle("SC-001", method="cash", paid_by=stocked.users.authorize("manager", "999999", "manager"))
    reply = push(api, headers, outbox_ops(stocked))
    payout = [r for r in reply["results"] if r["status"] == "rejected"]  # type: ignore[attr-defined]
    assert len(payout) == 1 and payout[0]["code"] == "not_home_station"


def test_delivery_state_only_moves_forward(api: TestClient, district: tuple[Engine, FieldCipher]) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    order = new_id()

    def event(seq: int, state: str, rank: int) -> Op:
        body = json.dumps(
            {
                "id": new_id(),
                "order_id": order,
                "order_no": "TZ01-D-000001",
                "day": "2026-11-20",
                "to_state": state,
                "rank": rank,
                "at": NOW.isoformat(),
            }
        )
        return Op(
            seq=seq,
            entity_type="delivery",
            entity_id=json.loads(body)["id"],
            payload_json=body,
            payload_hash=payload_hash(body),
            schema_ver=1,
        )

    push(api, headers, [event(1, "delivered", 4), event(2, "picking", 1)])
    push(api, headers, [event(3, "requested", 0)])
    with engine.connect() as conn:
        assert conn.execute(select(DistrictDelivery.state)).scalar_one() == "delivered"


def test_gaps_in_receipt_numbers_are_reported(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    for _ in range(4):
        sell(stocked, [MILLET])
    sales = [o for o in outbox_ops(stocked) if o.entity_type == "sale"]
    push(api, headers, [sales[0], sales[3]])
    gaps = api.get("/v1/reports/gaps", headers=admin_header()).json()
    assert gaps == [{"station_code": "TZ01", "terminal": 1, "received": 2, "highest": 4, "missing": [2, 3]}]
    assert push(api, headers, [sales[3]])["high_water"] < sales[3].seq  # the terminal's mark waits for the gap
    push(api, headers, sales[1:3])
    assert api.get("/v1/reports/gaps", headers=admin_header()).json()[0]["missing"] == []


def test_two_pushes_of_one_batch_at_once_store_it_once(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    for _ in range(30):
        sell(stocked, [MILLET, CHICKEN])
    ops = outbox_ops(stocked)
    results: list[list[str]] = []

    def go() -> None:
        results.append(statuses(push(api, headers, ops)))

    threads = [threading.Thread(target=go) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.count("applied") for r in results) == [0, 0, len(ops)]
    assert count(engine, DistrictSale) == 30 and count(engine, DistrictSaleLine) == 60


# -- limits ------------------------------------------------------------------------------------------


def test_oversized_requests_are_refused_with_a_code(api: TestClient, district: tuple[Engine, FieldCipher]) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    big = api.post(
        "/v1/push", content=b"x" * (17 * 1024 * 1024), headers={**headers, "Content-Type": "application/json"}
    )
    assert big.status_code == 413 and big.json()["code"] == "too_large"
    op = {
        "seq": 1,
        "entity_type": "sale",
        "entity_id": new_id(),
        "payload_json": "{}",
        "payload_hash": payload_hash("{}"),
        "schema_ver": 1,
    }
    many = api.post("/v1/push", json={"batch_id": new_id(), "ops": [op] * 501}, headers=headers)
    assert many.status_code == 422 and many.json()["code"] == "invalid_request"
    broken = api.post("/v1/push", content=b"{not json", headers={**headers, "Content-Type": "application/json"})
    assert broken.status_code == 422
    assert api.get("/v1/pull?stream=passwords", headers=headers).status_code == 400
    assert api.get("/v1/pull?stream=catalog&limit=999999", headers=headers).status_code == 422


# -- reference data down -----------------------------------------------------------------------------


def test_pull_pages_in_version_order_and_sees_changes(api: TestClient, district: tuple[Engine, FieldCipher]) -> None:
    engine, _cipher = district
    headers = enroll(api, engine)
    items = [ProductInput(f"测试商品{i}", "件", 100 + i, (with_check_digit(f"69{i:010d}"),), "测试") for i in range(25)]
    with engine.begin() as conn:
        assert reference.import_catalog(conn, items, NOW) == (25, 0, 0)
    seen: list[dict[str, object]] = []
    since = 0
    while True:
        page = api.get(f"/v1/pull?stream=catalog&since={since}&limit=10", headers=headers).json()
        seen += page["rows"]
        since = page["next_cursor"]
        if not page["has_more"]:
            break
    versions = [r["version"] for r in seen]
    assert len(seen) == 25 and versions == sorted(versions)
    assert seen[0]["data"]["pinyin_initials"] == "cssp0"  # 测试商品0, computed once on the server
    with engine.begin() as conn:  # a price change comes down as a newer version of the same row
        reference.import_catalog(conn, [ProductInput("测试商品0", "件", 999, items[0].codes)], NOW)
    page = api.get(f"/v1/pull?stream=catalog&since={since}", headers=headers).json()
    assert [(r["id"], r["data"]["price_fen"]) for r in page["rows"]] == [(seen[0]["id"], 999)]


def test_a_terminal_sees_its_own_households_last_four_and_of_others_only_name_and_village(
    api: TestClient, district: tuple[Engine, FieldCipher], server_url: str
) -> None:
    engine, cipher = district
    from pos_app.importing.households import HouseholdInput

    with engine.begin() as conn:
        auth.add_station(conn, "SC01", "双城社区养老驿站", NOW)
        reference.import_households(
            conn,
            [
                HouseholdInput(
                    "SC-009",
                    "张桂兰",
                    "双城区幸福村",
                    "13800000009",
                    id_number="11010519491231002X",
                    settlement_method="bank",
                    bank_account="6222020200112233445",
                    home_station_code="TZ01",
                ),
                HouseholdInput(
                    "SC-010",
                    "李富贵",
                    "双城区永胜村",
                    "13800000010",
                    id_number="110105194912310037",
                    home_station_code="SC01",
                ),
            ],
            cipher,
            NOW,
        )
    tz01 = {
        r["data"]["code"]: r["data"]
        for r in api.get("/v1/pull?stream=households", headers=enroll(api, engine)).json()["rows"]
    }
    sc01 = {
        r["data"]["code"]: r["data"]
        for r in api.get("/v1/pull?stream=households", headers=enroll(api, engine, "SC01")).json()["rows"]
    }
    for seen in (tz01, sc01):
        text = json.dumps(seen, ensure_ascii=False)
        assert "11010519491231002X" not in text and "110105194912310037" not in text and "622202020011" not in text
    assert tz01["SC-009"]["phone"] == "13800000009"  # its own household: phone and the last four
    assert (tz01["SC-009"]["id_number_last4"], tz01["SC-009"]["bank_account_last4"]) == ("002X", "3445")
    assert tz01["SC-010"] == {  # another station's: enough to sell its goods
        "code": "SC-010",
        "head_name": "李富贵",
        "village": "双城区永胜村",
        "category_code": "registered",
        "home_station_code": "SC01",
        "active": True,
    }
    assert "13800000009" not in json.dumps(sc01) and sc01["SC-010"]["phone"] == "13800000010"
    with engine.connect() as conn:
        from pos_app.server.models import RefHousehold

        stored = conn.execute(
            select(RefHousehold.body_json, RefHousehold.id_number_enc).where(RefHousehold.code == "SC-009")
        ).one()
    assert "11010519491231002X" not in stored.body_json and "11010519491231002X" not in stored.id_number_enc


# -- district figures --------------------------------------------------------------------------------


def test_district_figures_add_up_and_need_an_admin(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    with_household_goods(stocked, tmp_path)
    r1 = sell(stocked, [MILLET, EGGS, EGGS])
    sell(stocked, [CHICKEN])
    refund_first_line(stocked, r1)  # the millet back
    push(api, headers, outbox_ops(stocked))
    assert api.get("/v1/reports/district", headers=admin_header(password="wrong-password")).status_code == 401
    f = api.get("/v1/reports/district", headers=admin_header()).json()
    tz = f["stations"][[s["code"] for s in f["stations"]].index("TZ01")]
    assert (tz["sales_count"], tz["sales_fen"], tz["refunds_fen"], tz["net_fen"]) == (2, 1190 + 5800, 890, 6100)
    assert tz["certified_fen"] == 0 and tz["credited_fen"] == 300 and tz["households_helped"] == 1
    assert f["total"]["net_fen"] == 6100
    sc001 = next(h for h in f["households"] if h["code"] == "SC-001")
    assert (sc001["year_income_fen"], sc001["target_fen"], sc001["percent"]) == (300, 100_000, 0)
    empty = api.get("/v1/reports/district?from=2020-01-01&to=2020-12-31", headers=admin_header()).json()
    assert empty["total"]["sales_count"] == 0
    assert api.get("/v1/reports/district?from=2026-12-01&to=2026-11-01", headers=admin_header()).status_code == 400


def test_the_district_report_shows_each_stations_stock_certified_sales_by_certificate_and_supplier_and_demand(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    from pos_app.importing.certified import parse_certified
    from pos_app.reports.district import district_pdf
    from tests.integration.test_certification import GOOD, _csv
    from tests.integration.test_receipts import pdf_text

    engine, _ = district
    headers = enroll(api, engine)
    path = _csv(tmp_path, GOOD)
    stocked.certification.import_file(path)  # the till marks the millet certified (FP-2026-0012)
    with engine.begin() as conn:
        reference.import_certified(conn, [item for _, item in parse_certified(path).good], NOW)
    with_household_goods(stocked, tmp_path)
    sell(stocked, [MILLET, MILLET, EGGS])
    push(api, headers, outbox_ops(stocked))
    reply = api.get("/v1/reports/district", headers=admin_header())
    f = reply.json()
    tz = next(x for x in f["stock"] if x["code"] == "TZ01")
    assert tz == {
        "code": "TZ01",
        "name": "通州社区扶贫超市",
        "products_in_stock": 1,
        "negative": 1,
        "consigned_in_stock": 1,
    }
    assert f["certified"] == [
        {
            "cert_no": "FP-2026-0012",
            "product_name": "赤峰小米 500g",
            "supplier_name": "赤峰市兴农合作社",
            "qty": 2,
            "weight_g": 0,
            "sales_fen": 1780,
        }
    ]
    assert next(x for x in f["stations"] if x["code"] == "TZ01")["certified_fen"] == 1780  # the station's share
    assert f["suppliers"] == [{"supplier_name": "赤峰市兴农合作社", "certificates": 1, "sales_fen": 1780}]
    # the growers' demand: the week of the sale among the last eight, both varieties, by the name sold
    monday = (NOW.astimezone(LOCAL_TZ).date() - timedelta(days=NOW.astimezone(LOCAL_TZ).weekday())).isoformat()
    assert len(f["demand_weeks"]) == 8 and f["demand_weeks"][-1] == monday
    assert {(d["week"], d["variety"], d["households"], d["qty"]) for d in f["demand"]} == {
        (monday, "赤峰小米 500g", False, 2),
        (monday, next(d["variety"] for d in f["demand"] if d["households"]), True, 1),
    }
    from pos_app.contract.protocol import DistrictFigures

    text = pdf_text(district_pdf(DistrictFigures.model_validate(f)))
    assert "FP-2026-0012" in text and "负库存商品" in text and "品种周需求" in text and "赤峰市兴农合作社" in text


def test_a_registry_file_without_id_numbers_keeps_the_stored_ones(district: tuple[Engine, FieldCipher]) -> None:
    engine, cipher = district
    from pos_app.importing.households import HouseholdInput
    from pos_app.server.models import RefHousehold

    with engine.begin() as conn:
        full = HouseholdInput(
            "SC-009", "张桂兰", "双城区幸福村", id_number="11010519491231002X", home_station_code="TZ01"
        )
        assert reference.import_households(conn, [full], cipher, NOW) == (1, 0)
        assert reference.import_households(
            conn, [HouseholdInput("SC-009", "张桂兰", "双城区幸福村", home_station_code="TZ01")], cipher, NOW
        ) == (
            0,
            0,
        )
        assert reference.import_households(
            conn, [HouseholdInput("SC-009", "张桂兰", "双城区永胜村", home_station_code="TZ01")], cipher, NOW
        ) == (
            0,
            1,
        )
        page = reference.pull(conn, "households", 0, 10, cipher, "TZ01")
        (stored,) = conn.execute(select(RefHousehold.id_number_enc).where(RefHousehold.code == "SC-009")).one()
    assert cipher.decrypt(stored, "household.id_number") == "11010519491231002X"
    assert [
        (r["data"]["village"], r["data"]["id_number_last4"]) for r in page["rows"] if r["data"]["code"] == "SC-009"
    ] == [("双城区永胜村", "002X")]


def test_categories_and_tenders_are_managed_by_the_district(
    api: TestClient, district: tuple[Engine, FieldCipher]
) -> None:
    engine, _ = district
    from pos_app.server.errors import ServerError

    headers = enroll(api, engine)
    with engine.begin() as conn:
        assert reference.set_tender(conn, "union_card", "工会卡", "love_card", True, NOW)
        assert not reference.set_tender(conn, "union_card", "工会卡", "love_card", True, NOW)  # unchanged: no version
        assert reference.set_category(conn, "marginal", "边缘户", False, NOW)  # retired
        try:
            reference.set_tender(conn, "gold", "金条", "bullion", True, NOW)
            raise AssertionError("an unknown tender kind was taken")
        except ServerError as exc:
            assert exc.code == "invalid_input"
    tenders = api.get("/v1/pull?stream=tenders", headers=headers).json()["rows"]
    assert tenders[-1]["data"] == {
        "code": "union_card",
        "name": "工会卡",
        "kind": "love_card",
        "sort_order": 6,
        "active": True,
    }
    cats = {r["id"]: r for r in api.get("/v1/pull?stream=categories", headers=headers).json()["rows"]}
    assert cats["marginal"]["deleted"] and cats["marginal"]["data"]["sort_order"] == 1
