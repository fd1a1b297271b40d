"""The audit log: who did what, when, on which terminal, with before/after of sensitive changes.

Append-only and chained: ``hash = sha256(prev_hash + canonical entry)``; editing, deleting or
reordering any row breaks the chain at that row, and ``verify`` names it. Each entry also goes to the
district through the outbox, in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from pos_app.contract.facts import AuditFact, to_payload
from pos_app.domain.clock import Clock, format_local
from pos_app.domain.ids import new_id
from pos_app.importing.tabular import write_table
from pos_app.services.outbox import canonical_json, enqueue
from pos_app.services.station import StationContext
from pos_app.store.models import AppUser, AuditEntry, table
from pos_app.store.uow import Database

GENESIS = "0" * 64


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode()).hexdigest()


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
    digest = entry_hash(prev, fields)
    s.execute(insert(table(AuditEntry)), [{**fields, "at": at, "prev_hash": prev, "hash": digest}])
    fact = AuditFact.model_validate({**fields, "at": at, "prev_hash": prev, "hash": digest})
    enqueue(s, "audit", str(fields["id"]), to_payload(fact), at)


@dataclass(frozen=True)
class AuditView:
    seq: int
    at: datetime
    user: str
    approver: str
    action: str
    target: str
    detail: dict[str, Any]


class AuditService:
    def __init__(self, db: Database, clock: Clock, station: StationContext) -> None:
        self._db = db
        self._clock = clock
        self._station = station

    def record(
        self, action: str, *, user_id: str | None, target: str = "", approver_id: str | None = None, **detail: Any
    ) -> None:
        """An entry on its own (drawer opened, an export written, a failed PIN)."""
        with self._db.uow(write=True) as uow:
            record(
                uow.session,
                self._station,
                self._clock.now(),
                action,
                user_id=user_id,
                target=target,
                approver_id=approver_id,
                **detail,
            )
            uow.commit()

    def verify(self) -> int | None:
        """The sequence number of the first entry that does not chain, or None when all is intact."""
        prev = GENESIS
        expected_seq = None
        with self._db.uow() as uow:
            for e in uow.session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
                if expected_seq is not None and e.seq != expected_seq:
                    return expected_seq  # a deleted row
                fields = {
                    "id": e.id,
                    "at": e.at.isoformat(),
                    "terminal_id": e.terminal_id,
                    "user_id": e.user_id,
                    "approver_id": e.approver_id,
                    "action": e.action,
                    "target": e.target,
                    "detail_json": e.detail_json,
                }
                if e.prev_hash != prev or entry_hash(prev, fields) != e.hash:
                    return e.seq
                prev = e.hash
                expected_seq = e.seq + 1
        return None

    def entries(self, text: str = "", action: str | None = None, limit: int = 1000) -> list[AuditView]:
        names = {}
        with self._db.uow() as uow:
            s = uow.session
            names = dict(s.execute(select(AppUser.id, AppUser.display_name)).all())
            q = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
            if action:
                q = q.where(AuditEntry.action == action)
            if text.strip():
                like = f"%{text.strip()}%"
                q = q.where(
                    AuditEntry.target.like(like) | AuditEntry.detail_json.like(like) | AuditEntry.action.like(like)
                )
            rows = list(s.execute(q).scalars())
        return [
            AuditView(
                e.seq,
                e.at,
                names.get(e.user_id or "", e.user_id or "—"),
                names.get(e.approver_id or "", ""),
                e.action,
                e.target,
                json.loads(e.detail_json),
            )
            for e in rows
        ]

    def export(self, out: Path, user_id: str | None) -> int:
        rows = [
            (
                v.seq,
                format_local(v.at),
                v.user,
                v.approver,
                v.action,
                v.target,
                json.dumps(v.detail, ensure_ascii=False),
            )
            for v in reversed(self.entries(limit=1_000_000))
        ]
        n = write_table(out, ("序号", "时间", "用户", "授权人", "操作", "对象", "详情"), rows)
        self.record("export", user_id=user_id, target=out.name, what="audit log", rows=n)
        return n
