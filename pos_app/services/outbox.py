"""Writing facts for the district: one outbox row in the same transaction as the fact itself."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.orm import Session

from pos_app.domain.ids import new_id
from pos_app.store.models import Outbox, table

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
