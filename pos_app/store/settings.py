"""Station settings as stored: JSON values under string keys, read and written in the caller's transaction."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos_app.domain.barcodes import DEFAULT_SCALE_LAYOUTS
from pos_app.domain.money import Rounding
from pos_app.store.models import Setting

DEFAULTS: dict[str, Any] = {
    "rounding": Rounding.NONE.value,
    "scale_layouts": list(DEFAULT_SCALE_LAYOUTS),
    "catalog_version": 0,
    "language": "zh_CN",  # zh_CN | en (the old "auto" also means Chinese)
    "printer": {"kind": "none", "width_mm": 80},
    "scale": {"protocol": "none", "port": "", "baud": 9600},  # the counter scale on a serial port
    # the customer's display: a window on a second monitor, and/or a serial pole display
    "customer_display": {"window": False, "pole_port": "", "pole_baud": 2400},
    "label_scales": [],  # networked label scales: [{"name": "1号秤", "host": "192.168.1.60", "port": 4001}]
    "label_scale_state": {},  # what each label scale was last sent: {name: {digest, at, count, error}}
    "discount_limit_fen": 500,  # a cashier may give up to ¥5 off on their own; more needs a manager
    "idle_lock_minutes": 10,  # the till locks itself after this long without a key or a click
    "elder_mode": False,  # 适老化: large type and targets on the volunteer's screen and the delivery slip
    "income_targets": {},  # {"2026": 100000}: a household's yearly target in fen (default ¥1,000)
    # A fact's outbox copy stays this long after the district acknowledged it (a district restored
    # from an older backup asks for it again); the fact itself stays for ever. Longer than the
    # district's backup cycle, always.
    "outbox_keep_days": 90,
}


def read_setting(session: Session, key: str) -> Any:
    raw = session.execute(select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    return DEFAULTS.get(key) if raw is None else json.loads(raw)


def write_setting(session: Session, key: str, value: Any) -> None:
    body = json.dumps(value, ensure_ascii=False)
    stmt = sqlite_insert(Setting).values(key=key, value=body)
    session.execute(stmt.on_conflict_do_update(index_elements=[Setting.key], set_={"value": body}))


def bump_catalog_version(session: Session) -> None:
    write_setting(session, "catalog_version", int(read_setting(session, "catalog_version")) + 1)
