"""Shift by shift, the district reconciles what it received against the till's own Z totals: a
shift whose sales and refunds all arrived is reconciled to the fen; one with a sale still on its way
is incomplete, with the difference and the missing receipt number; an older till's shift says it
has no totals. A real station file pushed to the real server, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from pos_app.bootstrap import Services
from pos_app.contract.protocol import Op, payload_hash
from pos_app.crypto import FieldCipher
from pos_app.domain.ids import new_id
from pos_app.server.reconcile import INCOMPLETE, NO_TOTALS, RECONCILED, recent_shifts, reconcile
from tests.facts import EGGS, outbox_ops, refund_first_line, sell, with_household_goods
from tests.server.conftest import enroll

MILLET = "6920000000012"


def push(api: TestClient, headers: dict[str, str], ops: list[Op]) -> None:
    reply = api.post("/v1/push", json={"batch_id": new_id(), "ops": [o.model_dump() for o in ops]}, headers=headers)
    assert reply.status_code == 200, reply.text
    assert all(r["status"] == "applied" for r in reply.json()["results"]), reply.text


def a_day_at_the_till(s: Services) -> str:
    """Three sales (a household's eggs among them, cash and love card), one refund, the shift closed."""
    sell(s, [EGGS, EGGS, MILLET])
    second = sell(s, [MILLET], tender="love_card")
    sell(s, [EGGS])
    refund_first_line(s, second)
    shift = s.shifts.current()
    assert shift is not None
    s.shifts.close(s.users.authenticate("cashier", "1111").id, {"cash": 20_000 + 3 * 150 + 890})
    return shift.id


def test_a_shift_whose_every_sale_arrived_is_reconciled(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    shift_id = a_day_at_the_till(with_household_goods(stocked, tmp_path))
    push(api, headers, outbox_ops(stocked))
    with engine.connect() as conn:
        judged = reconcile(conn, shift_id)
    assert judged is not None and judged.state == RECONCILED, judged
    assert judged.till == judged.received
    assert judged.received.sales_count == 3 and judged.received.refunds_count == 1
    assert judged.received.sales_fen == 3 * 150 + 2 * 890
    assert judged.received.credited_fen == 3 * 150  # the household's eggs, to the fen
    assert judged.received.tenders == {"cash": (3 * 150 + 890, 0), "love_card": (890, 890)}
    assert judged.missing_receipts == ()


def test_a_sale_still_on_its_way_leaves_the_shift_incomplete_until_it_comes(
    api: TestClient,
    district: tuple[Engine, FieldCipher],
    stocked: Services,
    tmp_path: Path,
    server_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    shift_id = a_day_at_the_till(with_household_goods(stocked, tmp_path))
    ops = outbox_ops(stocked)
    sales = [o for o in ops if o.entity_type == "sale"]
    withheld = sales[2]  # the last sale of the shift: no gap in the numbers received before it
    push(api, headers, [o for o in ops if o is not withheld])
    with engine.connect() as conn:
        judged = reconcile(conn, shift_id)
    assert judged is not None and judged.state == INCOMPLETE
    gaps = {d.what: d.gap for d in judged.differences}
    assert gaps == {"sales_count": 1, "sales_fen": 150, "credited_fen": 150, "tender:cash:sales": 150}
    assert judged.missing_receipts == ("TZ01-01-000003",)
    from pos_app.server.cli import main as server_main

    assert server_main(["--db", server_url, "shifts", "TZ01"]) == 0
    said = capsys.readouterr().out
    assert "TZ01-01 2026-11-20 09:00 incomplete" in said
    assert "sales_fen: till ¥22.30, received ¥20.80" in said and "missing: TZ01-01-000003" in said
    push(api, headers, [withheld])
    with engine.connect() as conn:
        judged = reconcile(conn, shift_id)
        listed = recent_shifts(conn, "TZ01")
    assert judged is not None and judged.state == RECONCILED
    assert [j.shift_id for j in listed] == [shift_id]


def test_an_older_tills_shift_has_no_totals(api: TestClient, district: tuple[Engine, FieldCipher]) -> None:
    engine, _ = district
    headers = enroll(api, engine)
    sid = new_id()
    shift = {
        "shift": {
            "id": sid,
            "terminal_id": new_id(),
            "opened_by": new_id(),
            "opened_at": "2026-11-20T01:00:00+00:00",
            "float_fen": 20000,
            "closed_by": new_id(),
            "closed_at": "2026-11-20T09:00:00+00:00",
        },
        "counts": [{"tender_code": "cash", "expected_fen": 20000, "counted_fen": 20000}],
    }
    text = json.dumps(shift)
    push(
        api,
        headers,
        [
            Op(
                seq=1,
                entity_type="shift",
                entity_id=sid,
                payload_json=text,
                payload_hash=payload_hash(text),
                schema_ver=2,
            )
        ],
    )
    with engine.connect() as conn:
        judged = reconcile(conn, sid)
        assert reconcile(conn, new_id()) is None
    assert judged is not None and judged.state == NO_TOTALS and judged.till is None


def test_the_station_page_shows_a_reconciled_and_an_incomplete_shift(
    api: TestClient, district: tuple[Engine, FieldCipher], stocked: Services, tmp_path: Path
) -> None:
    from tests.server.test_web_pages import sign_in

    engine, _ = district
    headers = enroll(api, engine)
    with_household_goods(stocked, tmp_path)
    a_day_at_the_till(stocked)  # the first shift: everything arrives
    stocked.shifts.open(stocked.users.authenticate("cashier", "1111").id, 20_000)
    a_day_at_the_till(stocked)  # the second: its last sale is still on its way
    ops = outbox_ops(stocked)
    withheld = [o for o in ops if o.entity_type == "sale"][-1]
    push(api, headers, [o for o in ops if o is not withheld])
    assert api.get("/district/stations/TZ01", follow_redirects=False).status_code == 303  # signed in only
    sign_in(api)
    page = api.get("/district/stations/TZ01")
    assert page.status_code == 200
    assert "<title>TZ01 班次对账 · 扶贫 POS 区级平台</title>" in page.text
    assert page.text.count("已对平") == 2 and page.text.count(">不完整<") == 1  # one in the legend
    assert "缺失小票：TZ01-01-000007" in page.text
    assert "销售额：收银台 ¥22.30，区里收到 ¥20.80" in page.text
    assert "农户入账：收银台 ¥4.50，区里收到 ¥3.00" in page.text
    assert "现金收款：收银台 ¥13.40，区里收到 ¥11.90" in page.text
    assert api.get("/district/stations/NOPE").status_code == 404
    # both tables download, with the same words as the page
    rows = list(csv.reader(io.StringIO(api.get("/district/stations/TZ01?format=csv").content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["终端", "开班", "结班", "状态"] and len(rows) == 3
    incomplete = next(r for r in rows if r[3] == "不完整")
    assert "销售额：收银台 ¥22.30，区里收到 ¥20.80" in incomplete[8] and incomplete[9] == "TZ01-01-000007"
    problems = api.get("/district/stations/TZ01?table=problems&format=xlsx")
    assert problems.status_code == 200 and problems.content.startswith(b"PK")  # an XLSX (a zip)
