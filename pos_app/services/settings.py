"""Station settings: JSON values under string keys, with typed accessors for the ones checkout needs.

What a setting may hold is checked here, once, for the settings screen and ``pos-admin setting``
alike; a change made by a person (``change``) is audited with the value before and after.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from pos_app.domain.barcodes import ScaleLayout, overlapping_layouts
from pos_app.domain.clock import Clock
from pos_app.domain.errors import InvalidInput
from pos_app.domain.money import Rounding
from pos_app.domain.permissions import Permission, require
from pos_app.domain.text import is_digits
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.context import StationContext
from pos_app.store.models import Station, TenderType
from pos_app.store.settings import read_setting, write_setting
from pos_app.store.uow import Database

PRINTER_KINDS = ("none", "usb", "network", "file")


def _printer(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and v.get("kind") in PRINTER_KINDS
        and v.get("width_mm", 80) in (58, 80)
        and (v.get("kind") != "network" or bool(str(v.get("host", "")).strip()))
        and (v.get("kind") != "file" or bool(str(v.get("device", "")).strip()))
        and isinstance(v.get("port", 9100), int)
        and 0 < v.get("port", 9100) < 65536
    )


log = logging.getLogger("pos.settings")

SCALE_PROTOCOLS = ("none", "stgs", "toledo", "yaohua")  # hardware/scale.PROTOCOLS reads each
BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


def _serial_port(v: Any) -> bool:
    return isinstance(v, str) and 0 < len(v.strip()) <= 200


def _scale(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and set(v) <= {"protocol", "port", "baud"}
        and v.get("protocol") in SCALE_PROTOCOLS
        and v.get("baud", 9600) in BAUDS
        and (v.get("protocol") == "none" or _serial_port(v.get("port")))
    )


def _customer_display(v: Any) -> bool:
    if not (isinstance(v, dict) and set(v) <= {"window", "pole_port", "pole_baud"}):
        return False
    return (
        isinstance(v.get("window", False), bool)
        and (v.get("pole_port", "") == "" or _serial_port(v.get("pole_port")))
        and v.get("pole_baud", 2400) in BAUDS
    )


def _label_scales(v: Any) -> bool:
    if not isinstance(v, list) or len(v) > 50:
        return False
    names = set()
    for x in v:
        if not (isinstance(x, dict) and set(x) <= {"name", "host", "port"}):
            return False
        name, host, port = str(x.get("name", "")).strip(), str(x.get("host", "")).strip(), x.get("port", 4001)
        if not (0 < len(name) <= 32 and 0 < len(host) <= 253 and " " not in host):
            return False
        if not (isinstance(port, int) and 0 < port < 65536) or name in names:
            return False
        names.add(name)
    return True


def _layouts(v: Any) -> bool:
    if not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
        return False
    for pattern in v:
        ScaleLayout(pattern)  # says what is wrong with a pattern
    both = overlapping_layouts([ScaleLayout(pattern).pattern for pattern in v])
    if both is not None:
        raise InvalidInput(
            what=f"scale layouts {both[0]} and {both[1]} read the same labels: keep the scale's one format",
            what_zh=f"秤码格式 {both[0]} 与 {both[1]} 会读同一张秤签（位数相同、标志位不能区分）：只留秤上用的那种",
        )
    return True


# What each setting a person may change can hold, and how to say it when it does not.
SETTABLE: dict[str, tuple[Callable[[Any], bool], str]] = {
    "language": (lambda v: v in ("auto", "zh_CN", "en"), "zh_CN 或 en"),
    "rounding": (lambda v: v in {r.value for r in Rounding}, "不抹零、抹分、抹角或四舍五入到角"),
    "scale_layouts": (_layouts, "一组秤码格式"),
    "scale": (_scale, "不接电子秤，或协议、串口（须有）和波特率（1200–115200）"),
    "customer_display": (_customer_display, "客显窗口开或关，客显串口（可空）和波特率"),
    "label_scales": (_label_scales, "条码秤列表：每台有不重复的名称和地址，端口 1–65535"),
    "printer": (_printer, "无、USB、网络（须有地址）或设备文件（须有路径），纸宽 58 或 80 毫米"),
    "discount_limit_fen": (lambda v: isinstance(v, int) and 0 <= v <= 1_000_000, "0–10000 元"),
    "idle_lock_minutes": (lambda v: isinstance(v, int) and 0 <= v <= 240, "0–240 分钟（0 为不自动锁屏）"),
    "elder_mode": (lambda v: isinstance(v, bool), "开或关"),
    "outbox_keep_days": (lambda v: isinstance(v, int) and 14 <= v <= 3650, "14–3650 天"),
    "income_targets": (
        lambda v: (
            isinstance(v, dict)
            and all(is_digits(k) and len(k) == 4 and isinstance(x, int) and 0 < x <= 10**10 for k, x in v.items())
        ),
        "4 位年份对应大于 0 的金额",
    ),
}


SETTING_ZH = {
    "language": "界面语言",
    "rounding": "抹零方式",
    "scale_layouts": "秤码格式",
    "scale": "电子秤",
    "customer_display": "客显",
    "label_scales": "条码秤",
    "printer": "小票打印机",
    "discount_limit_fen": "收银员优惠上限",
    "idle_lock_minutes": "自动锁屏时间",
    "elder_mode": "适老化大字模式",
    "outbox_keep_days": "已同步记录保留天数",
    "income_targets": "农户年收入目标",
}


DISPLAY = frozenset({"elder_mode"})  # how the screen looks, not what the till does


@dataclass(frozen=True)
class TenderSetting:
    code: str
    name: str
    kind: str
    active: bool


class SettingsService:
    def __init__(self, db: Database, clock: Clock | None = None, station: StationContext | None = None) -> None:
        self._db = db
        self._clock = clock
        self._station = station

    def get(self, key: str) -> Any:
        with self._db.uow() as uow:
            return read_setting(uow.session, key)

    @staticmethod
    def check(key: str, value: Any) -> None:
        """Refuse a value the setting cannot hold, saying what it may hold."""
        if key not in SETTABLE:
            raise InvalidInput(what=f"setting {key!r} (one of {', '.join(SETTABLE)})", what_zh=f"没有这项设置：{key}")
        rule, allowed = SETTABLE[key]
        try:
            ok = rule(value)
        except (TypeError, ValueError, AttributeError):  # a malformed value; a layout's own PosError says why
            ok = False
        if not ok:
            raise InvalidInput(what=f"{key} = {value!r}", what_zh=f"{SETTING_ZH.get(key, key)}应为{allowed}")

    def set(self, key: str, value: Any) -> None:
        """Write a checked setting (the district's and the station set-up's path; a person's is ``change``)."""
        self.check(key, value)
        with self._db.uow(write=True) as uow:
            write_setting(uow.session, key, value)
            uow.commit()

    def change(self, key: str, value: Any, by: UserView) -> bool:
        """A person changes a setting: theirs to change, checked, audited with before and after.
        False when the value was already so (nothing written, nothing audited). The way the screen
        looks (``DISPLAY``) is anyone's to change; the rest needs the settings permission."""
        if key not in DISPLAY:
            require(by.display_name, by.roles, Permission.SETTINGS)
        self.check(key, value)
        with self._db.uow(write=True) as uow:
            before = read_setting(uow.session, key)
            if before == value:
                return False
            write_setting(uow.session, key, value)
            self._audit(uow.session, "setting", by, key, before=before, after=value)
            uow.commit()
        return True

    def _audit(self, s: Any, action: str, by: UserView, target: str, **detail: Any) -> None:
        assert self._clock is not None and self._station is not None, "a station's settings service"
        record(s, self._station, self._clock.now(), action, user_id=by.id, target=target, **detail)

    # -- the station's name and its tenders --------------------------------------------------------
    def station_name(self) -> str:
        with self._db.uow() as uow:
            return str(uow.session.execute(select(Station.name).limit(1)).scalar_one())

    def rename_station(self, name: str, by: UserView) -> None:
        """The name receipts, slips and reports carry (from the next start of the app)."""
        require(by.display_name, by.roles, Permission.SETTINGS)
        name = name.strip()
        if not 2 <= len(name) <= 100:
            raise InvalidInput(what="station name (2–100 characters)", what_zh="站点名称（2–100 个字）")
        with self._db.uow(write=True) as uow:
            before = uow.session.execute(select(Station.name).limit(1)).scalar_one()
            if before == name:
                return
            uow.session.execute(update(Station).values(name=name))
            self._audit(uow.session, "setting", by, "station_name", before=before, after=name)
            uow.commit()

    def tenders(self) -> list[TenderSetting]:
        with self._db.uow() as uow:
            rows = uow.session.execute(select(TenderType).order_by(TenderType.sort_order, TenderType.code)).scalars()
            return [TenderSetting(t.code, t.name, t.kind, t.active) for t in rows]

    def set_tender(self, code: str, *, name: str, active: bool, by: UserView) -> bool:
        """Rename a tender or take it off the payment screen; cash always stays."""
        require(by.display_name, by.roles, Permission.SETTINGS)
        name = name.strip()
        if not 1 <= len(name) <= 32:
            raise InvalidInput(what="tender name (1–32 characters)", what_zh="收款方式名称（1–32 个字）")
        with self._db.uow(write=True) as uow:
            t = uow.session.get(TenderType, code)
            if t is None:
                raise InvalidInput(what=f"tender {code}", what_zh=f"收款方式 {code}")
            if t.kind == "cash" and not active:
                raise InvalidInput(what="cash cannot be switched off", what_zh="现金不能停用")
            if (t.name, t.active) == (name, active):
                return False
            before = {"name": t.name, "active": t.active}
            t.name, t.active = name, active
            after = {"name": name, "active": active}
            self._audit(uow.session, "setting", by, f"tender:{code}", before=before, after=after)
            uow.commit()
        return True

    def rounding(self) -> Rounding:
        return Rounding(self.get("rounding"))

    def scale_layouts(self) -> tuple[ScaleLayout, ...]:
        """The layouts the till reads labels with; one the checks of today refuse (written before
        them, or sent by a district that did not check) is left out and logged, never a crash."""
        layouts = []
        for pattern in self.get("scale_layouts"):
            try:
                layouts.append(ScaleLayout(pattern))
            except InvalidInput as exc:
                log.warning("scale layout %s left out: %s", pattern, exc.message)
        return tuple(layouts)
