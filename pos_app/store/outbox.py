"""Writing facts for the district: one outbox row in the same transaction as the fact itself."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from pos_app.contract.facts import SCHEMA_VERSION
from pos_app.domain.ids import new_id
from pos_app.store.models import Household, Outbox, table


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
                "schema_ver": SCHEMA_VERSION,
                "status": "pending",
                "attempts": 0,
                "created_at": at,
            }
        ],
    )


def household_codes(session: Session | Connection, ids: set[str]) -> dict[str, str]:
    """Station household ids → the district's codes, which every station shares (facts name a
    household by its code; a station's own household ids are its own)."""
    if not ids:
        return {}
    return {i: c for i, c in session.execute(select(Household.id, Household.code).where(Household.id.in_(ids)))}
