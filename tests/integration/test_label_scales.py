"""Label scales: the station's PLUs sent to a simulated Dahua TM scale over TCP and parsed back;
which scale holds which catalog; a price change reaching the scale; a scale that is off."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.bootstrap import Services
from pos_app.domain.barcodes import ScaleLayout, encode_scale_label
from pos_app.domain.errors import InvalidInput, NotPermitted
from pos_app.domain.label_scale import PluRecord, decode_name, encode_name, parse_record, quwei, record_text
from pos_app.services.catalog import ProductEdit
from pos_app.services.users import UserView
from tests.hardware.sim import SimulatedLabelScale


@pytest.fixture
def label_scale() -> Iterator[SimulatedLabelScale]:
    sim = SimulatedLabelScale()
    yield sim
    sim.close()


@pytest.fixture
def admin(stocked: Services) -> UserView:
    return stocked.users.create("admin", "李站长", ["admin", "manager"], "888888")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_names_go_as_gb2312_quwei_codes() -> None:
    assert quwei("苹") == "3827" and quwei("果") == "2591"
    assert encode_name("苹果A1") == ("3827259103330317", False)  # ASCII as its full-width form
    assert encode_name("𠮷")[1] is True  # outside GB2312: □, and the caller is told


def test_a_record_as_the_scale_takes_it() -> None:
    rec = PluRecord(1001, 1001, "内蒙古西红柿", 560, True, 3, 28)
    text = record_text(rec)
    assert text.startswith("!0V1001A0001001000560000000000328")
    assert text.endswith("CDE") and len(text.split("B")[0]) == 8 + 79
    assert parse_record(text) == rec


@given(
    st.integers(1, 9999),
    st.integers(0, 999_999),
    st.booleans(),
    st.integers(0, 999),
    st.text(alphabet="西红柿黄瓜小米鸡蛋土豆ABC 123abc", min_size=1, max_size=20),
)
def test_every_record_reads_back_as_sent(plu: int, price: int, weighed: bool, days: int, name: str) -> None:
    rec = PluRecord(plu, plu, name, price, weighed, days, 20)
    back = parse_record(record_text(rec))
    assert (back.plu, back.price_fen, back.weighed, back.shelf_life_days) == (plu, price, weighed, days)
    assert decode_name(encode_name(name)[0]) == "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name
    ).replace(" ", "\u3000")


def test_the_station_plus_reach_the_scale_and_read_back_at_the_till(
    stocked: Services, admin: UserView, label_scale: SimulatedLabelScale
) -> None:
    stocked.label_scales.add("1号秤", "127.0.0.1", label_scale.port, admin)
    [view] = stocked.label_scales.scales()
    assert not view.up_to_date and view.digest is None
    assert stocked.label_scales.send() == [("1号秤", None)]
    held = label_scale.held
    assert not label_scale.bad and sorted(held) == [88, 1001, 1002]
    tomato, cucumber, milk = held[1001], held[1002], held[88]
    assert (tomato.name, tomato.price_fen, tomato.weighed) == ("内蒙古西红柿", 560, True)  # ¥2.80/斤 is ¥5.60/kg
    assert (cucumber.price_fen, milk.price_fen, milk.weighed) == (500, 1350, False)
    assert tomato.barcode_flag == 28  # the station reads flag-28 weight labels
    [view] = stocked.label_scales.scales()
    assert view.up_to_date and view.count == 3 and view.sent_at is not None
    # the label the scale prints for 0.750 kg of tomatoes reads at the till as tomatoes, ¥4.20
    label = encode_scale_label(ScaleLayout("28PPPPPWWWWWC"), tomato.item_code, 750, None)
    reading = stocked.catalog.read_label(label, ["28PPPPPWWWWWC"])
    assert reading.product is not None and reading.product.name == "内蒙古西红柿" and reading.amount_fen == 420


def test_a_price_change_and_a_shelf_life_put_the_scale_out_of_date_and_the_till_resends(
    stocked: Services, admin: UserView, label_scale: SimulatedLabelScale
) -> None:
    stocked.label_scales.add("1号秤", "127.0.0.1", label_scale.port, admin)
    stocked.label_scales.send()
    assert stocked.label_scales.send_out_of_date() == []  # nothing changed: nothing sent
    assert label_scale.downloads == 1
    cucumber = stocked.catalog.by_plu(1002)
    assert cucumber is not None
    edit = stocked.catalog.edit_form(cucumber.id)
    stocked.catalog.save_product(
        ProductEdit(**{**edit.__dict__, "price": "6.40", "shelf_life_days": "5"}), by=admin, product_id=cucumber.id
    )
    [view] = stocked.label_scales.scales()
    assert not view.up_to_date
    assert stocked.label_scales.send_out_of_date() == [("1号秤", None)]
    assert (label_scale.held[1002].price_fen, label_scale.held[1002].shelf_life_days) == (640, 5)
    assert stocked.label_scales.scales()[0].up_to_date


def test_a_scale_that_is_off_is_said_and_the_others_still_get_theirs(
    stocked: Services, admin: UserView, label_scale: SimulatedLabelScale
) -> None:
    stocked.label_scales.add("坏秤", "127.0.0.1", free_port(), admin)
    stocked.label_scales.add("2号秤", "127.0.0.1", label_scale.port, admin)
    results = dict(stocked.label_scales.send())
    assert results["2号秤"] is None and results["坏秤"] is not None
    assert "未能接收" in results["坏秤"].message_zh
    views = {v.name: v for v in stocked.label_scales.scales()}
    assert views["2号秤"].up_to_date and not views["坏秤"].up_to_date and views["坏秤"].error_zh


def test_plus_that_do_not_fit_the_label_are_left_out_and_named(stocked: Services, admin: UserView) -> None:
    stocked.settings.set("scale_layouts", ["2PPPPPPAAAAAC"])  # six-digit item codes
    edit = ProductEdit(name="大白菜", unit_label="kg", price="1.20", plu="12345")
    stocked.catalog.save_product(edit, by=admin)
    download = stocked.label_scales.download()
    assert [s.plu for s in download.skipped] == [12345]  # the scale's keys stop at 9999
    assert "9999" in download.skipped[0].reason_zh
    assert {r.plu for r in download.records} == {88, 1001, 1002}
    assert {r.barcode_flag for r in download.records} == {2}


def test_a_layout_with_a_three_digit_flag_is_said_not_crashed(stocked: Services) -> None:
    stocked.settings.set("scale_layouts", ["209PPPPWWWWWC"])
    with pytest.raises(InvalidInput) as err:
        stocked.label_scales.download()
    assert "两位" in err.value.message_zh


def test_no_scale_format_no_download(stocked: Services) -> None:
    stocked.settings.set("scale_layouts", [])
    with pytest.raises(InvalidInput) as err:
        stocked.label_scales.download()
    assert "秤码格式" in err.value.message_zh


def test_adding_scales_needs_an_administrator_and_sound_addresses(stocked: Services, admin: UserView) -> None:
    manager = stocked.users.authenticate("manager", "999999")
    with pytest.raises(NotPermitted):
        stocked.label_scales.add("1号秤", "192.0.2.1", 4001, manager)
    with pytest.raises(InvalidInput):
        stocked.label_scales.add("1号秤", "bad host", 4001, admin)
    stocked.label_scales.add("1号秤", "192.0.2.1", 4001, admin)
    with pytest.raises(InvalidInput):
        stocked.label_scales.add("1号秤", "192.0.2.2", 4001, admin)


def test_pos_admin_adds_lists_and_sends(tmp_path, capsys, label_scale: SimulatedLabelScale) -> None:  # type: ignore[no-untyped-def]
    from pos_app.cli import main

    db = str(tmp_path / "s.db")
    assert main(["--db", db, "init", "--station", "TZ01", "--name", "通州社区扶贫超市", "--demo"]) == 0
    admin_ = ["--as", "admin", "--pin", "888888"]
    assert main(["--db", db, "setting", "scale_layouts", '["28PPPPPWWWWWC"]', *admin_]) == 0
    assert main(["--db", db, "label-scale", "add", "1号秤", f"127.0.0.1:{label_scale.port}", *admin_]) == 0
    capsys.readouterr()
    assert main(["--db", db, "label-scale", "list"]) == 0
    assert "从未发送" in capsys.readouterr().out
    assert main(["--db", db, "label-scale", "send"]) == 0
    assert label_scale.held and not label_scale.bad
    capsys.readouterr()
    assert main(["--db", db, "label-scale", "list"]) == 0
    assert "已是最新" in capsys.readouterr().out
    assert main(["--db", db, "label-scale", "add", "2号秤", "127.0.0.1:x", *admin_]) == 2
    assert main(["--db", db, "label-scale", "remove", "1号秤", *admin_]) == 0
