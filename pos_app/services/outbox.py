"""Writing facts for the district: one outbox row in the same transaction as the fact itself."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from pos_app.domain.ids import new_id
from pos_app.store.models import Household, Outbox, table

SCHEMA_VER = 1


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def enqueue(
    session: Session | Connection, entity_type: str, entity_id: str, payload: dict[str, Any], at: datetime
) -> None:
    body = canonical_json(payload)
    session.execute(
        insert(table(Outbox)),
        [
            {
                "id": new_id(),
                "entity_type": entity_type,
                "entity_id": entity_id,
                "payload_json": body,
                "payload_hash": hashlib.sha256(body.encode()).hexdigest(),
                "schema_ver": SCHEMA_VER,
                "status": "pending",
                "attempts": 0,
                "created_at": at,
            }
        ],
    )


def with_household_codes(session: Session | Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ledger rows for the district: each names its household by the district's code, which every
    station shares (a station's own household ids are its own)."""
    ids = {r["household_id"] for r in rows}
    if not ids:
        return []
    codes = {i: c for i, c in session.execute(select(Household.id, Household.code).where(Household.id.in_(ids)))}
    return [{**jsonable(r), "household_code": codes.get(r["household_id"])} for r in rows]


def jsonable(row: dict[str, Any]) -> dict[str, Any]:
    """A row for a payload: times as ISO-8601 text."""
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
