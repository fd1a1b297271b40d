"""Real facts for sync tests: sales, refunds and payouts made through the station's own services,
read back from its outbox as protocol ops."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from pos_app.bootstrap import Services
from pos_app.contract.protocol import Op
from pos_app.crypto import FieldCipher
from pos_app.importing.catalog import ProductInput
from pos_app.importing.households import HouseholdInput
from pos_app.server import reference
from pos_app.store.models import Outbox

EGGS = "6953000000010"
HOUSEHOLDS = (
    "户编码,户主姓名,所在村,电话,类别,结算方式,身份证号,银行账号,归属站点\n"
    "SC-001,张桂兰,双城区幸福村,13800000001,建档立卡贫困户,现金,11010519491231002X,,TZ01\n"
    "SC-002,李富贵,双城区永胜村,,边缘户,银行,,6222020200112233445,SC01\n"
)


def households_file(tmp: Path) -> Path:
    p = tmp / "households.csv"
    p.write_text(HOUSEHOLDS, encoding="utf-8")
    return p


def register_households(conn: Connection, cipher: FieldCipher, now: datetime) -> None:
    """The district's registry holds the same two households (a station only sells what it lists)."""
    reference.import_households(
        conn,
        [
            HouseholdInput(
                "SC-001",
                "张桂兰",
                "双城区幸福村",
                "13800000001",
                id_number="11010519491231002X",
                home_station_code="TZ01",
            ),
            HouseholdInput(
                "SC-002",
                "李富贵",
                "双城区永胜村",
                category_code="marginal",
                settlement_method="bank",
                bank_account="6222020200112233445",
                home_station_code="SC01",
            ),
        ],
        cipher,
        now,
    )


def with_household_goods(s: Services, tmp: Path) -> Services:
    """Households SC-001 (home TZ01) and SC-002, and 500 of SC-001's eggs at ¥1.50 on the shelf."""
    s.households.import_file(households_file(tmp))
    s.consignment.intake(
        "SC-001",
        quantity=500,
        price_fen=150,
        received_by=s.users.authorize("manager", "999999", "manager"),
        new_product=ProductInput("农家土鸡蛋(张桂兰)", "枚", 150, (EGGS,), "扶贫特产"),
    )
    return s


def sell(s: Services, codes: list[str], tender: str = "cash") -> str:
    co = s.checkout()
    co.new_sale(s.users.authenticate("cashier", "1111").id)
    for c in codes:
        co.scan(c)
    plan = co.start_payment()
    plan.add(tender, plan.due_fen)
    return co.pay(plan).receipt_no


def refund_first_line(s: Services, receipt_no: str, qty: int = 1) -> str:
    cashier = s.users.authenticate("cashier", "1111")
    manager = s.users.authorize("manager", "999999", "manager")
    return s.refunds.refund(receipt_no, {1: qty}, cashier=cashier, approver=manager, reason="顾客退货").receipt_no


def outbox_ops(s: Services, status: str | None = None) -> list[Op]:
    with s.db.read() as conn:
        q = select(Outbox).order_by(Outbox.seq)
        if status:
            q = q.where(Outbox.status == status)
        rows = conn.execute(q).mappings().all()
    return [
        Op(
            seq=r["seq"],
            entity_type=r["entity_type"],
            entity_id=r["entity_id"],
            payload_json=r["payload_json"],
            payload_hash=r["payload_hash"],
            schema_ver=r["schema_ver"],
        )
        for r in rows
    ]


def json_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON document (keys and list positions), for fuzzers that damage one place."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += json_paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += json_paths(v, (*prefix, i))
    return out


def downgrade_station(db_path: Path, revision: str) -> None:
    """A station file as an older release left it: the schema downgraded to ``revision``."""
    from alembic import command
    from sqlalchemy import create_engine

    from pos_app.store.migrate import _config

    engine = create_engine(f"sqlite+pysqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
            conn.commit()
    finally:
        engine.dispose()
