"""The audit log: who did what, when, on which terminal, with before/after of sensitive changes.

Append-only and chained: ``hash = HMAC(chain key, prev_hash + canonical entry)``, the key derived
from the station's key file, which lives outside the database file. Editing, deleting or reordering
any row breaks the chain at that row, and ``verify`` names it; recomputing the hashes needs the key.
The anchor file beside the key remembers the newest entry, so deleting the last rows shows too.
Entries written before the chain was keyed were chained with a plain SHA-256; they stay readable
as they are. Each entry also goes to the district through the outbox, in the same transaction, and
the district checks that each terminal's chain continues where it left off.

(docs/architecture.md, "The audit chain is anchored")
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pos_app.domain.audit_words import action_words, detail_words
from pos_app.domain.clock import format_local
from pos_app.domain.errors import StorageError
from pos_app.importing.tabular import write_table
from pos_app.services.base import StationService
from pos_app.store.audit import GENESIS, chain_of, entry_fields, entry_hash, record
from pos_app.store.models import AppUser, AuditEntry

log = logging.getLogger("pos.audit")


@dataclass(frozen=True)
class AuditView:
    seq: int
    at: datetime
    user: str
    approver: str
    action: str
    target: str
    detail: dict[str, Any]


class AuditService(StationService):
    """Entries on their own, anchoring and verifying the chain, search and export."""

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

    def anchor(self) -> None:
        """Make sure the anchor file exists. The first time (a new station, one whose chain was not
        keyed yet, or one just restored from a backup) it anchors at the newest intact entry and
        marks where keyed entries begin: after the plain-chained ones."""
        chain = chain_of(self._station)
        try:
            if chain.read_anchor() is not None:
                return
        except StorageError as exc:  # damaged or forged: the till still opens; verify says so
            log.warning("audit anchor: %s", exc.message)
            return
        prev, seq, keyed_from = GENESIS, 0, 0
        with self._db.uow() as uow:
            for e in uow.session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
                if e.prev_hash != prev or e.seq != seq + 1:
                    break
                if not keyed_from and entry_hash(prev, entry_fields(e)) == e.hash:
                    pass  # chained before the chain was keyed
                elif entry_hash(prev, entry_fields(e), chain) == e.hash:
                    keyed_from = keyed_from or e.seq
                else:
                    break
                prev, seq = e.hash, e.seq
        chain.write_anchor(keyed_from or seq + 1, seq, prev)

    def verify(self) -> int | None:
        """The sequence number of the first entry that does not chain (for rows deleted from the
        end: the first missing one), or None when all is intact."""
        chain = chain_of(self._station)
        anchored = chain.read_anchor()
        keyed_from, anchor_seq, anchor_hash = anchored if anchored else (1, 0, GENESIS)
        prev = GENESIS
        expected_seq = 1
        with self._db.uow() as uow:
            for e in uow.session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
                if e.seq != expected_seq:
                    return expected_seq  # a deleted row
                link = entry_hash(prev, entry_fields(e), chain if e.seq >= keyed_from else None)
                if e.prev_hash != prev or link != e.hash:
                    return e.seq
                if e.seq == anchor_seq and e.hash != anchor_hash:
                    return e.seq
                prev = e.hash
                expected_seq = e.seq + 1
        if expected_seq <= anchor_seq:
            return expected_seq  # the newest entries were deleted
        return None

    def matches_district(self, entries: int, last_hash: str) -> bool:
        """Whether this file still holds the newest entry the district acknowledged, unchanged (the
        district's copy outlives a station file replaced or rewritten with its anchor)."""
        if entries == 0:
            return True
        with self._db.uow() as uow:
            held = uow.session.execute(select(AuditEntry.hash).where(AuditEntry.seq == entries)).scalar()
        return held == last_hash

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
                action_words(v.action, True),
                v.target,
                detail_words(v.detail, True, v.action),
                v.action,
            )
            for v in reversed(self.entries(limit=1_000_000))
        ]
        n = write_table(out, ("序号", "时间", "用户", "授权人", "操作", "对象", "详情", "操作代码"), rows)
        self.record("export", user_id=user_id, target=out.name, what="audit log", rows=n)
        return n
