"""Products and prices edited on screen: add, change, codes exactly as given, a threshold, a
certificate linked by hand, a household's price locked, bad input refused with nothing changed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pos_app.bootstrap import Services
from pos_app.domain.errors import InvalidInput, NotPermitted, PosError
from pos_app.services.catalog import ProductEdit
from tests.facts import EGGS, outbox_ops, with_household_goods

HONEY = "6970000000017"


def _manager(s: Services):  # type: ignore[no-untyped-def]
    return s.users.authorize("manager", "999999", "manager")


def test_a_product_is_added_changed_and_sold_at_its_new_price(stocked: Services) -> None:
    manager = _manager(stocked)
    before = len(outbox_ops(stocked))
    added = stocked.catalog.save_product(
        ProductEdit("宁城蜂蜜 500g", "瓶", "38.00", HONEY, "扶贫特产", minimum="6"), by=manager
    )
    found = stocked.catalog.by_code(HONEY)
    assert found is not None and found.id == added.id and added.price_fen == 3800
    assert [o.entity_type for o in outbox_ops(stocked)[before:]] == ["product", "audit"]
    form = stocked.catalog.edit_form(added.id)
    assert (form.price, form.codes, form.minimum) == ("38.00", HONEY, "6")
    changed = stocked.catalog.save_product(
        replace(form, price="36.50", codes="6970000000024, 6970000000017", plu="77"), by=manager, product_id=added.id
    )
    assert changed.price_fen == 3650 and changed.plu == 77 and set(changed.codes) == {HONEY, "6970000000024"}
    assert [p[1] for p in stocked.catalog.price_history(added.id)] == [3800, 3650]
    stocked.catalog.save_product(replace(form, codes="6970000000024"), by=manager, product_id=added.id)
    assert stocked.catalog.by_code(HONEY) is None  # a code taken off the product no longer scans
    co = stocked.checkout()
    co.new_sale(stocked.users.authenticate("cashier", "1111").id)
    co.scan("6970000000024")
    assert co.cart.totals().subtotal_fen == 3800  # the form it was saved from said ¥38.00


def test_a_weighed_products_price_is_per_jin_on_screen_and_per_kg_inside(stocked: Services) -> None:
    manager = _manager(stocked)
    tomato = stocked.catalog.by_plu(1001)
    assert tomato is not None and tomato.price_fen == 560  # ¥2.80/斤
    form = stocked.catalog.edit_form(tomato.id)
    assert (form.unit_label, form.price, form.plu) == ("斤", "2.80", "1001")
    saved = stocked.catalog.save_product(replace(form, price="3.10", minimum="12.5"), by=manager, product_id=tomato.id)
    assert saved.price_fen == 620 and stocked.catalog.edit_form(tomato.id).minimum == "12.5"
    low = [r for r in stocked.stock.on_hand("内蒙古西红柿") if r.product_id == tomato.id]
    assert low[0].minimum == 6_250  # the threshold too was typed in 斤, as the product is shown


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": " "}, "名称"),
        ({"price": "-1"}, "金额"),
        ({"price": "abc"}, "金额"),
        ({"codes": "6920000000013"}, "校验位"),
        ({"codes": "6920000000012"}, "已属于「赤峰小米 500g」"),
        ({"plu": "88"}, "已属于「纯牛奶 1L」"),
        ({"plu": "8a"}, "须为数字"),
        ({"minimum": "-3"}, "数量"),
        ({"certificate_no": "FP-NONE"}, "认定证书"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(
    stocked: Services, change: dict[str, str], message: str
) -> None:
    manager = _manager(stocked)
    count, ops = stocked.catalog.count(), len(outbox_ops(stocked))
    good = ProductEdit("宁城蜂蜜 500g", "瓶", "38.00", HONEY, "扶贫特产")
    with pytest.raises(PosError) as refused:
        stocked.catalog.save_product(replace(good, **change), by=manager)  # type: ignore[arg-type]
    assert message in refused.value.message_zh, refused.value.message_zh
    assert stocked.catalog.count() == count and len(outbox_ops(stocked)) == ops
    assert stocked.catalog.by_code(HONEY) is None


def test_a_cashier_cannot_edit_products(stocked: Services) -> None:
    cashier = stocked.users.authenticate("cashier", "1111")
    with pytest.raises(NotPermitted):
        stocked.catalog.save_product(ProductEdit("宁城蜂蜜 500g", "瓶", "38.00", HONEY), by=cashier)


def test_a_households_price_and_unit_stay_the_households(stocked: Services, tmp_path: Path) -> None:
    with_household_goods(stocked, tmp_path)
    manager = _manager(stocked)
    eggs = stocked.catalog.by_code(EGGS)
    assert eggs is not None
    form = stocked.catalog.edit_form(eggs.id)
    assert form.pass_through and form.price == "1.50"
    for change in ({"price": "2.00"}, {"unit_label": "盒"}):
        with pytest.raises(InvalidInput) as locked:
            stocked.catalog.save_product(replace(form, **change), by=manager, product_id=eggs.id)  # type: ignore[arg-type]
        assert "农户代销商品" in locked.value.message_zh
    renamed = stocked.catalog.save_product(replace(form, name="张桂兰家土鸡蛋"), by=manager, product_id=eggs.id)
    assert renamed.name == "张桂兰家土鸡蛋" and renamed.price_fen == 150 and renamed.pass_through


def test_a_certificate_is_linked_by_hand(stocked: Services, tmp_path: Path) -> None:
    from tests.integration.test_certification import GOOD, _csv

    stocked.certification.import_file(_csv(tmp_path, GOOD))
    manager = _manager(stocked)
    cert = stocked.certification.search()[0].cert_no
    added = stocked.catalog.save_product(
        ProductEdit("宁城蜂蜜 500g", "瓶", "38.00", HONEY, "扶贫特产", certificate_no=cert), by=manager
    )
    assert cert in [c.cert_no for c in stocked.certification.for_product(added.id)]
    fact = json.loads(outbox_ops(stocked)[-2].payload_json)
    assert fact["name"] == "宁城蜂蜜 500g"


@pytest.mark.parametrize("days", ["abc", "0", "1000", "-3", "2.5"])
def test_a_bad_shelf_life_is_refused_and_changes_nothing(stocked: Services, days: str) -> None:
    manager = _manager(stocked)
    added = stocked.catalog.save_product(
        ProductEdit("宁城蜂蜜 500g", "瓶", "38.00", HONEY, shelf_life_days="365"), by=manager
    )
    form = stocked.catalog.edit_form(added.id)
    with pytest.raises(InvalidInput) as err:
        stocked.catalog.save_product(
            replace(form, price="30.00", shelf_life_days=days), by=manager, product_id=added.id
        )
    assert "保质期" in err.value.message_zh
    after = stocked.catalog.edit_form(added.id)
    assert (after.shelf_life_days, after.price) == ("365", "38.00")


def test_a_shelf_life_is_kept_and_cleared(stocked: Services) -> None:
    manager = _manager(stocked)
    added = stocked.catalog.save_product(ProductEdit("散装红枣", "斤", "12.00", shelf_life_days="９0"), by=manager)
    assert stocked.catalog.edit_form(added.id).shelf_life_days == "90"  # full-width digits typed by an IME
    stocked.catalog.save_product(
        replace(stocked.catalog.edit_form(added.id), shelf_life_days=""), by=manager, product_id=added.id
    )
    assert stocked.catalog.edit_form(added.id).shelf_life_days == ""
