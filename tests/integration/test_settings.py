"""Station settings changed by a person: checked, theirs to change, audited with before and after."""

from __future__ import annotations

import pytest

from pos_app.bootstrap import Services
from pos_app.domain.errors import InvalidInput, NotPermitted
from pos_app.services.settings import SettingsService


@pytest.fixture
def admin(stocked: Services):  # type: ignore[no-untyped-def]
    return stocked.users.create("admin", "管理员", ["admin", "manager"], "88888888")


def test_a_change_is_audited_with_before_and_after_and_a_repeat_writes_nothing(stocked: Services, admin) -> None:
    assert stocked.settings.change("rounding", "drop_fen", admin) is True
    assert stocked.settings.change("rounding", "drop_fen", admin) is False
    (entry,) = [e for e in stocked.audit.entries() if e.action == "setting"]
    assert entry.target == "rounding" and entry.user == "管理员"
    assert entry.detail == {"before": "none", "after": "drop_fen"}
    assert stocked.settings.rounding().value == "drop_fen"


def test_only_those_whose_role_grants_settings_change_them(stocked: Services) -> None:
    manager = stocked.users.authenticate("manager", "999999")
    with pytest.raises(NotPermitted):
        stocked.settings.change("rounding", "drop_fen", manager)
    assert stocked.settings.rounding().value == "none"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("rounding", "to_the_yuan"),
        ("idle_lock_minutes", -1),
        ("idle_lock_minutes", "10"),
        ("discount_limit_fen", 10**9),
        ("printer", {"kind": "network"}),  # no address
        ("printer", {"kind": "none", "width_mm": 76}),
        ("scale_layouts", ["2PPPPP"]),  # no weight, no amount
        ("scale_layouts", ["26PPPPPAAAAAWWWWWC"]),  # every label an Alipay payment code
        ("income_targets", {"26": 100000}),
        ("language", "fr"),
        ("sync_server", "http://x"),  # not a setting a person sets
    ],
)
def test_a_value_a_setting_cannot_hold_is_refused_in_words(stocked: Services, admin, key, value) -> None:
    before = stocked.settings.get(key)
    with pytest.raises(InvalidInput) as err:
        stocked.settings.change(key, value, admin)
    assert err.value.message_zh and "{" not in err.value.message_zh
    assert stocked.settings.get(key) == before


def test_station_name_and_tenders(stocked: Services, admin) -> None:
    stocked.settings.rename_station("通州社区扶贫超市（东门店）", admin)
    assert stocked.settings.station_name() == "通州社区扶贫超市（东门店）"
    with pytest.raises(InvalidInput):
        stocked.settings.rename_station(" ", admin)
    tenders = {t.code: t for t in stocked.settings.tenders()}
    assert list(tenders) == ["cash", "mobile", "card", "love_card", "elder_card", "account"]
    other = tenders["account"]
    assert stocked.settings.set_tender(other.code, name="单位挂账（停用）", active=False, by=admin) is True
    assert other.code not in stocked.checkout().tenders()  # off the payment screen
    with pytest.raises(InvalidInput):
        stocked.settings.set_tender("cash", name="现金", active=False, by=admin)
    targets = [e.target for e in stocked.audit.entries() if e.action == "setting"]
    assert "station_name" in targets and f"tender:{other.code}" in targets


def test_a_scale_label_is_read_with_the_layouts_being_tried(stocked: Services) -> None:
    from pos_app.domain.barcodes import ScaleLayout, encode_scale_label

    label = encode_scale_label(ScaleLayout("28PPPPPWWWWWC"), 1001, 1500, None)
    r = stocked.catalog.read_label(label, ["28PPPPPWWWWWC"])
    assert (r.plu, r.weight_g, r.amount_fen) == (1001, 1500, 840) and r.product and r.product.name == "内蒙古西红柿"
    with pytest.raises(InvalidInput) as err:
        stocked.catalog.read_label(label, ["20PPPPPWWWWWAAAAAC"])  # under an 18-digit layout it is no label
    assert "秤码格式" in err.value.message_zh
    assert SettingsService  # the module under test


def test_a_layout_the_checks_now_refuse_is_left_out_not_a_crash(stocked: Services) -> None:
    """One written before the checks (or sent by a district that did not check) must not stop the till."""
    from sqlalchemy import update

    from pos_app.store.models import Setting

    with stocked.db.uow(write=True) as uow:
        uow.session.execute(
            update(Setting)
            .where(Setting.key == "scale_layouts")
            .values(value='["26PPPPPAAAAAWWWWWC", "28PPPPPWWWWWC"]')
        )
        uow.commit()
    assert [layout.pattern for layout in stocked.settings.scale_layouts()] == ["28PPPPPWWWWWC"]
    stocked.checkout()  # the till opens and reads its good layout
