"""The station's sync service on a real SQLite file: pulled pages, cursors, verdicts, epochs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pos_app.bootstrap import Services
from pos_app.contract.protocol import OpResult, PullPage, PullRow
from pos_app.domain.errors import InvalidInput, NotFound
from pos_app.domain.ids import new_id
from pos_app.store.models import Outbox, PriceChange, Sale
from tests.facts import EGGS, downgrade_station, sell, with_household_goods


def page(stream: str, rows: list[tuple[str, dict[str, object]]], start: int = 1) -> PullPage:
    return PullPage(
        stream=stream,
        server_epoch="e1",
        rows=[PullRow(version=start + i, id=rid, data=data) for i, (rid, data) in enumerate(rows)],
        next_cursor=start + len(rows) - 1,
        has_more=False,
    )


def product(name: str, code: str, price: int, **more: object) -> dict[str, object]:
    return {"name": name, "unit_label": "袋", "price_fen": price, "codes": [code], "category": "粮油", **more}


def test_a_catalog_page_adds_updates_and_refuses_rows_with_its_cursor(stocked: Services, tmp_path: Path) -> None:
    with_household_goods(stocked, tmp_path)
    version_before = stocked.settings.get("catalog_version")
    new_id_ = new_id()
    result = stocked.sync.apply_page(
        page(
            "catalog",
            [
                (new_id_, product("河套雪花粉 5kg", "6923000000013", 3500, pinyin_initials="htxhf", pinyin_full="x")),
                (new_id(), product("赤峰小米 500g", "6920000000012", 950)),  # the station's own: a price change
                (new_id(), product("农家土鸡蛋", EGGS, 200)),  # a household's consignment: its price is the household's
            ],
        )
    )
    assert result.applied == 2 and len(result.skipped) == 1 and "consignment" in result.skipped[0]
    assert stocked.sync.cursor("catalog") == 3
    added = stocked.catalog.by_code("6923000000013")
    assert added is not None and added.id == new_id_ and added.price_fen == 3500
    assert [p.id for p in stocked.catalog.search("htxhf")] == [new_id_]  # the district's pinyin, searchable at once
    millet = stocked.catalog.by_code("6920000000012")
    assert millet is not None and millet.price_fen == 950
    assert stocked.catalog.by_code(EGGS).price_fen == 150  # type: ignore[union-attr]
    with stocked.db.read() as conn:
        sources = conn.execute(select(PriceChange.source).where(PriceChange.product_id == millet.id)).scalars().all()
    assert "district" in sources
    assert stocked.settings.get("catalog_version") > version_before
    # the same page again changes nothing and keeps the cursor
    again = stocked.sync.apply_page(page("catalog", [(new_id_, product("河套雪花粉 5kg", "6923000000013", 3500))]))
    assert again.applied == 1 and stocked.catalog.count() == 9


def test_a_malformed_page_changes_nothing(stocked: Services) -> None:
    bad = page(
        "catalog", [(new_id(), product("好的", "6923000000013", 100)), (new_id(), {"name": "", "price_fen": -1})]
    )
    with pytest.raises(InvalidInput):
        stocked.sync.apply_page(bad)
    assert stocked.catalog.by_code("6923000000013") is None and stocked.sync.cursor("catalog") == 0


def test_households_categories_tenders_and_settings_come_down(stocked: Services) -> None:
    stocked.sync.apply_page(
        page("categories", [("relocated", {"code": "relocated", "name": "易地搬迁户", "sort_order": 9})])
    )
    stocked.sync.apply_page(
        page(
            "households",
            [
                (
                    new_id(),
                    {
                        "code": "SC-009",
                        "head_name": "赵大娘",
                        "village": "双城区新兴村",
                        "category_code": "relocated",
                        "home_station_code": "SC01",
                    },
                )
            ],
        )
    )
    h = stocked.households.get("SC-009")
    assert (h.category_name, h.id_number_masked, h.home_station_code) == ("易地搬迁户", "", "SC01")
    stocked.sync.apply_page(
        page("tenders", [("union_card", {"code": "union_card", "name": "工会卡", "kind": "love_card"})])
    )
    stocked.sync.apply_page(
        page("settings", [("income_targets", {"key": "income_targets", "value": {"2026": 120000}})])
    )
    assert stocked.ledger.target_for(2026) == 120_000


def test_verdicts_ack_or_park_rows_and_a_new_epoch_queues_everything_again(stocked: Services) -> None:
    sell(stocked, ["6920000000012"])
    sell(stocked, ["6935000000023"])
    ops = stocked.sync.pending(100)
    sales = [op for op in ops if op.entity_type == "sale"]
    acked, problems = stocked.sync.record_push(
        [
            OpResult(seq=sales[0].seq, entity_id=sales[0].entity_id, status="applied"),
            OpResult(
                seq=sales[1].seq, entity_id=sales[1].entity_id, status="mismatch", code="changed_fact", message="x"
            ),
        ]
    )
    assert (acked, problems) == (1, 1)
    status = stocked.sync.status()
    assert status.problems == 1 and status.waiting == len(ops) - 2
    assert stocked.sync.check_epoch("first") is False  # the first epoch seen is just remembered
    stocked.sync.apply_page(page("tenders", [("cash", {"code": "cash", "name": "现金", "kind": "cash"})]))
    assert stocked.sync.check_epoch("first") is False
    assert stocked.sync.check_epoch("restored") is True
    with stocked.db.read() as conn:
        states = dict(conn.execute(select(Outbox.entity_id, Outbox.status)).all())
    assert states[sales[0].entity_id] == "pending"  # resent: the restored server may have lost it
    assert states[sales[1].entity_id] == "mismatch"  # a problem stays for a person
    assert stocked.sync.cursor("tenders") == 0


def test_outbox_copies_acknowledged_long_ago_go_the_facts_stay(stocked: Services, clock) -> None:  # type: ignore[no-untyped-def]
    """After ``outbox_keep_days`` the outbox copy of an acknowledged fact goes (the outbox was more
    than half of a one-year file); the sale itself stays. Pending facts are never touched, the newest
    row always stays (no sequence number is handed out twice), and a new district epoch resends the
    facts still kept."""
    for code in ("6920000000012", "6935000000023", "6901000000035"):
        sell(stocked, [code])
    ops = stocked.sync.pending(100)
    stocked.sync.check_epoch("first")
    stocked.sync.record_push([OpResult(seq=o.seq, entity_id=o.entity_id, status="applied") for o in ops[:-1]])
    clock.advance(days=91)  # all but the newest acknowledged 91 days ago
    last = sell(stocked, ["6948000000054"])  # and a new sale, still pending
    newest_before = max(op.seq for op in stocked.sync.pending(100))
    stocked.sync.record_push(
        [OpResult(seq=ops[-1].seq, entity_id=ops[-1].entity_id, status="applied")]  # acknowledged today
    )
    assert stocked.sync.prune_acknowledged() == len(ops) - 1
    assert stocked.sync.prune_acknowledged() == 0  # once
    with stocked.db.read() as conn:
        kept = {r.seq: r.status for r in conn.execute(select(Outbox.seq, Outbox.status))}
        receipts = set(conn.execute(select(Sale.receipt_no)).scalars())
    assert set(kept) == {ops[-1].seq, newest_before} and kept[newest_before] == "pending"
    assert len(receipts) == 4 and last in receipts  # the facts themselves stay
    sell(stocked, ["6920000000012"])
    assert max(op.seq for op in stocked.sync.pending(100)) > newest_before  # numbers go on
    assert stocked.sync.check_epoch("restored") is True
    resent = {op.entity_id for op in stocked.sync.pending(100)}
    assert ops[-1].entity_id in resent  # still kept: resent to the restored district
    assert not {o.entity_id for o in ops[:-1]} & resent  # gone: older than the district's backups


def _registered_here(stocked: Services, code: str, home: str) -> None:
    from pos_app.importing.households import HouseholdInput

    stocked.households.upsert(
        [
            HouseholdInput(
                code,
                "张桂兰",
                "双城区幸福村",
                "13800000001",
                id_number="11010519491231002X",
                settlement_method="bank",
                bank_account="6222020200112233445",
                home_station_code=home,
            )
        ]
    )


def test_a_pulled_household_of_another_station_keeps_no_number_and_no_phone(stocked: Services) -> None:
    _registered_here(stocked, "SC-001", "TZ01")  # registered here once; the district now says its home is SC01
    row = {
        "code": "SC-001",
        "head_name": "张桂兰",
        "village": "双城区幸福村",
        "category_code": "registered",
        "home_station_code": "SC01",
    }
    stocked.sync.apply_page(page("households", [(new_id(), row)]))
    h = stocked.households.get("SC-001")
    assert (h.phone, h.id_number_masked, h.bank_account_masked) == ("", "", "")
    assert stocked.households.find_by_id_number("11010519491231002X") is None


def test_a_pulled_own_household_keeps_what_the_station_registered_while_the_last_four_match(
    stocked: Services,
) -> None:
    _registered_here(stocked, "SC-001", "TZ01")
    row = {
        "code": "SC-001",
        "head_name": "张桂兰",
        "village": "双城区幸福村",
        "category_code": "registered",
        "phone": "13800000001",
        "home_station_code": "TZ01",
        "settlement_method": "bank",
        "id_number_last4": "002X",
        "bank_account_last4": "3445",
    }
    stocked.sync.apply_page(page("households", [(new_id(), row)]))
    assert stocked.households.find_by_id_number("11010519491231002X").code == "SC-001"  # type: ignore[union-attr]
    stocked.sync.apply_page(page("households", [(new_id(), row | {"id_number_last4": "0037"})], start=2))
    h = stocked.households.get("SC-001")  # the district holds another number now: the old one goes
    assert (h.id_number_masked, h.bank_account_masked) == ("**************0037", "****3445")
    assert stocked.households.find_by_id_number("11010519491231002X") is None


def test_a_page_carrying_an_id_number_is_refused(stocked: Services) -> None:
    row = {
        "code": "SC-009",
        "head_name": "赵大娘",
        "village": "双城区新兴村",
        "category_code": "registered",
        "id_number": "11010519491231002X",
    }
    with pytest.raises(InvalidInput):
        stocked.sync.apply_page(page("households", [(new_id(), row)]))
    with pytest.raises(NotFound):
        stocked.households.get("SC-009")


def test_the_upgrade_removes_other_stations_numbers_that_earlier_pulls_stored(stocked: Services, db_path: Path) -> None:
    import sqlite3

    from pos_app.services.station import open_database

    _registered_here(stocked, "SC-001", "TZ01")
    _registered_here(stocked, "SC-002", "SC01")  # as an earlier pull stored it
    stocked.close()
    downgrade_station(db_path, "0007")
    open_database(db_path).engine.dispose()
    with sqlite3.connect(db_path) as conn:
        rows = dict(
            conn.execute(
                "SELECT code, coalesce(id_number_enc, '') || coalesce(bank_account_enc, '') || phone FROM household"
            ).fetchall()
        )
    assert rows["SC-002"] == "" and rows["SC-001"] != ""


def test_a_certificate_pulled_before_its_product_links_when_the_product_arrives(stocked: Services) -> None:
    cert = {
        "cert_no": "NM-2026-0999",
        "product_name": "乌兰察布土豆 2.5kg",
        "supplier_name": "察右前旗农业合作社",
        "supplier_credit_code": "93150926MA0N8XXXX1",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
        "barcodes": ["6923000000020", "6923000000037"],
    }
    stocked.sync.apply_page(page("certificates", [(new_id(), cert)]))
    stocked.sync.apply_page(page("catalog", [(new_id(), product("乌兰察布土豆 2.5kg", "6923000000020", 1280))]))
    potatoes = stocked.catalog.by_code("6923000000020")
    assert potatoes is not None and potatoes.certificate_no == "NM-2026-0999"  # no waiting for its next change
    # the second barcode arrives later, at an existing product, through the one-by-one path
    with_code = product("乌兰察布土豆 2.5kg", "6923000000020", 1280) | {"codes": ["6923000000020", "6923000000037"]}
    stocked.sync.apply_page(page("catalog", [(potatoes.id, with_code)], start=2))
    assert [c.cert_no for c in stocked.certification.for_product(potatoes.id)] == ["NM-2026-0999"]


def test_a_pulled_certificate_keeps_its_regime_issuer_and_batch(stocked: Services) -> None:
    cert = {
        "cert_no": "XF-2024-0031",
        "product_name": "蒙香鸡",
        "supplier_name": "兴安盟蒙香食品",
        "supplier_credit_code": "91350100M000100Y43",
        "valid_from": "2024-03-01",
        "valid_to": "2027-02-28",
        "regime": "xfbf2024",
        "issuer": "内蒙古自治区乡村振兴局",
        "batch": "2024年第一批",
    }
    stocked.sync.apply_page(page("certificates", [(new_id(), cert)]))
    got = stocked.certification.search("XF-2024")[0]
    assert (got.regime_name, got.issuer, got.batch) == (
        "消费帮扶产品（2024）",
        "内蒙古自治区乡村振兴局",
        "2024年第一批",
    )
    before = stocked.certification.search()
    with pytest.raises(InvalidInput):  # a regime the contract does not know: the page is refused whole
        stocked.sync.apply_page(
            page("certificates", [(new_id(), cert | {"cert_no": "X-1", "regime": "green"})], start=2)
        )
    assert stocked.certification.search() == before
