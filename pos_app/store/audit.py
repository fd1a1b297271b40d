"""Appending to the audit chain in the caller's transaction (the chain is described in services/audit.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from pos_app.contract.facts import AuditFact, to_payload
from pos_app.crypto import ChainKey
from pos_app.domain.ids import new_id
from pos_app.store.context import StationContext
from pos_app.store.models import AuditEntry, table
from pos_app.store.outbox import canonical_json, enqueue
from pos_app.store.uow import AFTER_COMMIT

GENESIS = "0" * 64


def entry_hash(prev_hash: str, fields: dict[str, Any], chain: ChainKey | None = None) -> str:
    """The link: keyed when the station's chain key is given, plain SHA-256 for entries before it."""
    text = canonical_json(fields)
    return chain.link(prev_hash, text) if chain else hashlib.sha256((prev_hash + text).encode()).hexdigest()


def chain_of(station: StationContext) -> ChainKey:
    if station.chain is None:
        raise RuntimeError("the station context has no audit chain key (build it with build_services)")
    return station.chain


def _after_commit(s: Session | Connection, action: Callable[[], None]) -> None:
    s.info.setdefault(AFTER_COMMIT, []).append(action)


def record(
    s: Session | Connection,
    station: StationContext,
    at: datetime,
    action: str,
    *,
    user_id: str | None,
    target: str = "",
    approver_id: str | None = None,
    **detail: Any,
) -> None:
    """Append one entry inside the caller's transaction (so it commits, or not, with the change)."""
    prev = s.execute(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).scalar() or GENESIS
    fields = {
        "id": new_id(),
        "at": at.isoformat(),
        "terminal_id": station.terminal_id,
        "user_id": user_id,
        "approver_id": approver_id,
        "action": action,
        "target": target[:100],
        "detail_json": canonical_json(detail),
    }
    chain = chain_of(station)
    digest = entry_hash(prev, fields, chain)
    row = {**fields, "at": at, "prev_hash": prev, "hash": digest}
    seq = int(s.execute(insert(table(AuditEntry)).values(row).returning(table(AuditEntry).c.seq)).scalar_one())
    _after_commit(s, lambda: _advance_anchor(chain, seq, digest))
    fact = AuditFact.model_validate({**fields, "at": at, "prev_hash": prev, "hash": digest})
    enqueue(s, "audit", str(fields["id"]), to_payload(fact), at)


def _advance_anchor(chain: ChainKey, seq: int, digest: str) -> None:
    """After the entry committed: the anchor moves to it (never back)."""
    held = chain.read_anchor()
    keyed_from = held[0] if held else seq
    if held is None or seq > held[1]:
        chain.write_anchor(keyed_from, seq, digest)


def entry_fields(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "terminal_id": e.terminal_id,
        "user_id": e.user_id,
        "approver_id": e.approver_id,
        "action": e.action,
        "target": e.target,
        "detail_json": e.detail_json,
    }
