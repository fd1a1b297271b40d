"""The station's side of district sync, as database work: what to push, what the server said, the
pulled pages, the cursors, the status line and the problems list. The network lives in
``pos_app.sync.client``; this module never waits on it.

- A pushed op is marked ``acked`` only from the server's reply (sent after its commit). ``rejected``
  and ``mismatch`` rows leave the queue for the problems list; a manager may retry them.
- A pulled page is applied with its cursor in one transaction: a crash mid-page leaves neither.
- A new server epoch (the server was restored from a backup) resets the cursors and queues every
  fact again; the server's exactly-once ingest turns what it already has into duplicates.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from pos_app.contract.protocol import (
    CLOCK_SKEW_WARNING_S,
    STREAM_ROWS,
    STREAMS,
    CatalogPage,
    CatalogRow,
    CategoryRow,
    CertificateRow,
    HouseholdRow,
    Op,
    OpResult,
    PullPage,
    SettingRow,
    StationProductRow,
    StationRefundRow,
    StationState,
    TenderRow,
)
from pos_app.domain.certification import Validity, parse_date
from pos_app.domain.clock import Clock
from pos_app.domain.errors import InvalidInput, NotEnrolled, PosError
from pos_app.domain.permissions import Permission, require
from pos_app.importing.catalog import ProductInput
from pos_app.importing.certified import CertificateInput
from pos_app.importing.households import HouseholdInput
from pos_app.importing.tabular import write_table
from pos_app.services.households.registry import HouseholdRegistry
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.catalog import apply_till_product, insert_new_products, upsert_products
from pos_app.store.certificates import upsert_certificates
from pos_app.store.context import StationContext
from pos_app.store.district_state import replace_state
from pos_app.store.models import (
    DistrictRefund,
    Household,
    HouseholdCategory,
    Outbox,
    Product,
    ProductCode,
    SyncCursor,
    TenderType,
    table,
)
from pos_app.store.settings import bump_catalog_version, read_setting, write_setting
from pos_app.store.uow import Database

log = logging.getLogger("pos.sync")


@dataclass(frozen=True)
class Enrollment:
    server_url: str
    token: str
    station_code: str
    terminal_no: int


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str
    last_ok: datetime | None
    last_error: str
    waiting: int
    problems: int
    clock_skew_s: int | None = None  # the district server's clock minus ours, when it is worth a word


@dataclass(frozen=True)
class Problem:
    seq: int
    entity_type: str
    entity_id: str
    status: str  # rejected | mismatch
    error: str
    created_at: datetime
    attempts: int


@dataclass(frozen=True)
class PageResult:
    applied: int
    skipped: list[str]


class SyncService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        station: StationContext,
        households: HouseholdRegistry,
        token_file: Path,
    ) -> None:
        self._db = db
        self._clock = clock
        self._station = station
        self._households = households
        self._token_file = token_file

    @property
    def station(self) -> StationContext:
        return self._station

    # -- enrollment ---------------------------------------------------------------------------------
    def enrollment(self) -> Enrollment | None:
        url = self._setting("sync_server")
        if not url or not self._token_file.exists():
            return None
        token = self._token_file.read_text(encoding="ascii").strip()
        return Enrollment(str(url), token, self._station.station_code, self._station.terminal_no)

    def now(self) -> datetime:
        """This station's clock (each request to the district says it, so the district sees how far off it is)."""
        return self._clock.now()

    def require_enrollment(self) -> Enrollment:
        e = self.enrollment()
        if e is None:
            raise NotEnrolled()
        return e

    def save_enrollment(self, server_url: str, token: str, epoch: str, by_id: str | None = None) -> None:
        """Keep the token in an owner-only file beside the database (never in the database itself,
        so a copied database file does not carry the terminal's credentials)."""
        self._token_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._token_file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(token)
        os.replace(tmp, self._token_file)
        with self._db.uow(write=True) as uow:
            write_setting(uow.session, "sync_server", server_url.rstrip("/"))
            write_setting(uow.session, "sync_epoch", epoch)
            record(uow.session, self._station, self._clock.now(), "enroll", user_id=by_id, target=server_url)
            uow.commit()

    def _setting(self, key: str) -> Any:
        with self._db.uow() as uow:
            return read_setting(uow.session, key)

    # -- push ---------------------------------------------------------------------------------------
    def pending(self, limit: int) -> list[Op]:
        with self._db.read() as conn:
            rows = conn.execute(
                select(
                    Outbox.seq,
                    Outbox.entity_type,
                    Outbox.entity_id,
                    Outbox.payload_json,
                    Outbox.payload_hash,
                    Outbox.schema_ver,
                )
                .where(Outbox.status == "pending")
                .order_by(Outbox.seq)
                .limit(limit)
            )
            return [
                Op(
                    seq=r.seq,
                    entity_type=r.entity_type,
                    entity_id=r.entity_id,
                    payload_json=r.payload_json,
                    payload_hash=r.payload_hash,
                    schema_ver=r.schema_ver,
                )
                for r in rows
            ]

    def record_push(self, results: Sequence[OpResult]) -> tuple[int, int]:
        """Apply the server's per-op verdicts: (acked, problems)."""
        now = self._clock.now()
        acked = [r.seq for r in results if r.status in ("applied", "duplicate", "held")]
        problems = [r for r in results if r.status in ("rejected", "mismatch")]
        with self._db.transaction() as conn:
            if acked:
                conn.execute(
                    update(Outbox)
                    .where(Outbox.seq.in_(acked), Outbox.status == "pending")
                    .values(status="acked", acked_at=now, attempts=Outbox.attempts + 1, last_error=None)
                )
            for r in problems:
                conn.execute(
                    update(Outbox)
                    .where(Outbox.seq == r.seq, Outbox.status == "pending")
                    .values(
                        status=r.status,
                        attempts=Outbox.attempts + 1,
                        last_error=f"{r.code or r.status}: {r.message or ''}".strip()[:2000],
                    )
                )
        if problems:
            log.warning("%d fact(s) need attention: %s", len(problems), problems[0].message)
        return len(acked), len(problems)

    # -- epoch --------------------------------------------------------------------------------------
    def check_epoch(self, epoch: str) -> bool:
        """True when the server's epoch is new to us: cursors reset and every fact queued again."""
        with self._db.transaction() as conn:
            s = Session(bind=conn)
            known = read_setting(s, "sync_epoch")
            if known == epoch:
                return False
            write_setting(s, "sync_epoch", epoch)
            if known is None:
                return False
            conn.execute(update(SyncCursor).values(cursor=0))
            n = conn.execute(update(Outbox).where(Outbox.status == "acked").values(status="pending")).rowcount
            log.warning(
                "district server epoch changed (%s → %s): resending the %d facts kept (outbox_keep_days), "
                "pulling afresh",
                known,
                epoch,
                n,
            )
            return True

    def prune_acknowledged(self) -> int:
        """Drop the outbox rows of facts the district acknowledged more than ``outbox_keep_days`` ago:
        the facts themselves stay in their tables; only the copy kept for resending goes (the outbox
        was more than half of a one-year file). The newest row always stays, so a sequence number is
        never handed out twice. Returns how many went; their pages are reused by new sales."""
        with self._db.transaction() as conn:
            days = int(read_setting(Session(bind=conn), "outbox_keep_days"))
            before = self._clock.now() - timedelta(days=days)
            newest = select(func.max(Outbox.seq)).scalar_subquery()
            n = conn.execute(
                delete(Outbox).where(Outbox.status == "acked", Outbox.acked_at < before, Outbox.seq < newest)
            ).rowcount
        if n:
            log.info("dropped %d outbox rows acknowledged before %s", n, before.isoformat())
        return int(n)

    # -- pull ---------------------------------------------------------------------------------------
    def cursor(self, stream: str) -> int:
        with self._db.read() as conn:
            return int(conn.execute(select(SyncCursor.cursor).where(SyncCursor.stream == stream)).scalar() or 0)

    def apply_page(self, page: PullPage | CatalogPage) -> PageResult:
        """Apply one page and move its cursor, in one transaction. A row the station cannot take (a
        district product whose code is a household's consignment here, say) is skipped and logged;
        a row that is not even well-formed fails the page, which is then retried."""
        if page.stream not in STREAMS:
            raise InvalidInput(what=f"stream {page.stream!r}")
        model = STREAM_ROWS[page.stream]
        try:
            rows: list[tuple[str, Any]] = [
                (r.id, r.data if isinstance(r.data, model) else model.model_validate(r.data)) for r in page.rows
            ]
        except ValidationError as exc:
            raise InvalidInput(
                what=f"a {page.stream} row from the district is malformed: {exc.errors()[0]['msg']}"
            ) from exc
        now = self._clock.now()
        skipped: list[str] = []
        with self._db.uow(write=True) as uow:
            s = uow.session
            apply = getattr(self, f"_apply_{page.stream}")
            one_by_one = self._insert_new_products(s, rows, now, skipped) if page.stream == "catalog" else rows
            for rid, row in one_by_one:
                try:
                    with s.begin_nested():
                        apply(s, rid, row, now)
                except PosError as exc:
                    skipped.append(f"{page.stream} {rid}: {exc.message}")
            if page.stream in ("catalog", "certificates", "station_products") and rows:
                bump_catalog_version(s)  # prices and badges change at the till without a restart
            current = s.get(SyncCursor, page.stream)
            if current is None:
                s.execute(
                    insert(table(SyncCursor)), [{"stream": page.stream, "cursor": page.next_cursor, "applied_at": now}]
                )
            else:
                current.cursor = page.next_cursor
                current.applied_at = now
            uow.commit()
        for line in skipped:
            log.warning("not applied from the district: %s", line)
        return PageResult(len(rows) - len(skipped), skipped)

    def _insert_new_products(
        self, s: Session, rows: list[tuple[str, CatalogRow]], now: datetime, skipped: list[str]
    ) -> list[tuple[str, CatalogRow]]:
        """Products this station has never seen go in with a few multi-row statements (a fresh
        station pulls 500,000); the rest (known by id, code or PLU) are returned for the one-by-one
        path, which keeps price history and audit."""
        ids = [rid for rid, _ in rows]
        codes = [c for _, r in rows for c in r.codes]
        plus = [r.plu for _, r in rows if r.plu is not None]
        known_ids = set(s.execute(select(Product.id).where(Product.id.in_(ids))).scalars())
        known_codes = set(s.execute(select(ProductCode.code).where(ProductCode.code.in_(codes))).scalars())
        known_plus = set(s.execute(select(Product.plu).where(Product.plu.in_(plus))).scalars()) if plus else set()
        fresh: list[ProductInput] = []
        rest = []
        for rid, row in rows:
            if rid in known_ids or row.plu in known_plus or any(c in known_codes for c in row.codes):
                rest.append((rid, row))
                continue
            item = self._product(rid, row)
            known_codes.update(item.codes)  # a code twice in one page: the second goes the slow way
            if item.plu is not None:
                known_plus.add(item.plu)
            fresh.append(item)
        for item, exc in insert_new_products(s, fresh, now, "district"):
            skipped.append(f"catalog {item.id}: {exc.message}")
        return rest

    @staticmethod
    def _product(rid: str, row: CatalogRow | StationProductRow) -> ProductInput:
        pinyin = (row.pinyin_initials, row.pinyin_full) if isinstance(row, CatalogRow) and row.pinyin_full else None
        return ProductInput(
            name=row.name,
            unit_label=row.unit_label,
            price_fen=row.price_fen,
            codes=tuple(row.codes),
            category=row.category,
            plu=row.plu,
            active=row.active,
            id=rid,
            pinyin=pinyin,
        )

    def _apply_catalog(self, s: Session, rid: str, row: CatalogRow, now: datetime) -> None:
        upsert_products(s, [self._product(rid, row)], now, "district", self._station, bump=False)

    def _apply_certificates(self, s: Session, rid: str, row: CertificateRow, now: datetime) -> None:
        item = CertificateInput(
            cert_no=row.cert_no,
            product_name=row.product_name,
            supplier_name=row.supplier_name,
            supplier_credit_code=row.supplier_credit_code,
            validity=Validity(parse_date(row.valid_from), parse_date(row.valid_to)),
            origin=row.origin,
            category=row.category,
            channel=row.channel,
            households_driven=row.households_driven,
            barcodes=tuple(row.barcodes),
            regime=row.regime,
            issuer=row.issuer,
            batch=row.batch,
        )
        upsert_certificates(s, [item], now, bump=False)

    def _apply_categories(self, s: Session, rid: str, row: CategoryRow, now: datetime) -> None:
        values = {"name": row.name, "sort_order": row.sort_order, "active": row.active}
        if s.get(HouseholdCategory, row.code) is None:
            s.execute(insert(table(HouseholdCategory)), [{"code": row.code, **values}])
        else:
            s.execute(update(HouseholdCategory).where(HouseholdCategory.code == row.code).values(**values))

    def _apply_households(self, s: Session, rid: str, row: HouseholdRow, now: datetime) -> None:
        item = HouseholdInput(
            code=row.code,
            head_name=row.head_name,
            village=row.village,
            phone=row.phone,
            category_code=row.category_code,
            settlement_method=row.settlement_method,
            home_station_code=row.home_station_code or None,
            consent_date=parse_date(row.consent_date) if row.consent_date else None,
            active=row.active,
        )
        self._households.apply_from_district(s, item, row.id_number_last4, row.bank_account_last4)

    def _apply_station_products(self, s: Session, rid: str, row: StationProductRow, now: datetime) -> None:
        """A product created or changed at another till of this station (or this one's, back again)."""
        household_id = None
        if row.household_code:
            household_id = s.execute(select(Household.id).where(Household.code == row.household_code)).scalar()
            if household_id is None:
                raise InvalidInput(what=f"household {row.household_code} is not on this till yet")
        apply_till_product(s, rid, self._product(rid, row), row.price_fen, household_id, row.at, now)

    def _apply_station_refunds(self, s: Session, rid: str, row: StationRefundRow, now: datetime) -> None:
        """A refund of one of the station's sales, made at any of its tills (this one's, back again)."""
        if s.get(DistrictRefund, rid) is None:
            s.execute(insert(table(DistrictRefund)), [{"id": rid, "sale_id": row.sale_id, "fact_json": row.fact_json}])

    def apply_state(self, state: StationState) -> None:
        """The station's stock and balances as the district holds them, with this till's share."""
        with self._db.uow(write=True) as uow:
            replace_state(uow.session, state)
            write_setting(uow.session, "district_state_at", state.as_of.isoformat())
            uow.commit()

    def _apply_tenders(self, s: Session, rid: str, row: TenderRow, now: datetime) -> None:
        values = {"name": row.name, "kind": row.kind, "active": row.active, "sort_order": row.sort_order}
        if s.get(TenderType, row.code) is None:
            s.execute(insert(table(TenderType)), [{"code": row.code, **values}])
        else:
            s.execute(update(TenderType).where(TenderType.code == row.code).values(**values))

    def _apply_settings(self, s: Session, rid: str, row: SettingRow, now: datetime) -> None:
        write_setting(s, row.key, row.value)

    # -- status and problems --------------------------------------------------------------------------
    def mark_ok(self) -> None:
        with self._db.uow(write=True) as uow:
            write_setting(uow.session, "sync_last_ok", self._clock.now().isoformat())
            write_setting(uow.session, "sync_last_error", "")
            uow.commit()

    def mark_failed(self, message: str) -> None:
        with self._db.uow(write=True) as uow:
            write_setting(uow.session, "sync_last_error", message[:500])
            uow.commit()

    def record_server_time(self, server_time: datetime) -> int | None:
        """Keep how far our clock is from the district server's; returns the gap when it is too wide."""
        skew = round((server_time - self._clock.now()).total_seconds())
        with self._db.uow(write=True) as uow:
            write_setting(uow.session, "sync_clock_skew_s", skew)
            uow.commit()
        return skew if abs(skew) > CLOCK_SKEW_WARNING_S else None

    def status(self) -> SyncStatus:
        """For the status bar: cheap, local, never the network."""
        with self._db.read() as conn:
            counts = {
                k: int(n)
                for k, n in conn.execute(
                    select(Outbox.status, func.count()).where(Outbox.status != "acked").group_by(Outbox.status)
                )
            }
            s = Session(bind=conn)
            last_ok = read_setting(s, "sync_last_ok")
            skew = read_setting(s, "sync_clock_skew_s")
            return SyncStatus(
                enrolled=self._token_file.exists() and bool(read_setting(s, "sync_server")),
                server_url=str(read_setting(s, "sync_server") or ""),
                last_ok=datetime.fromisoformat(last_ok) if last_ok else None,
                last_error=str(read_setting(s, "sync_last_error") or ""),
                waiting=counts.get("pending", 0),
                problems=counts.get("rejected", 0) + counts.get("mismatch", 0),
                clock_skew_s=int(skew) if isinstance(skew, int) and abs(skew) > CLOCK_SKEW_WARNING_S else None,
            )

    def problems(self) -> list[Problem]:
        with self._db.read() as conn:
            rows = conn.execute(
                select(
                    Outbox.seq,
                    Outbox.entity_type,
                    Outbox.entity_id,
                    Outbox.status,
                    Outbox.last_error,
                    Outbox.created_at,
                    Outbox.attempts,
                )
                .where(Outbox.status.in_(("rejected", "mismatch")))
                .order_by(Outbox.seq)
            )
            return [
                Problem(r.seq, r.entity_type, r.entity_id, r.status, r.last_error or "", r.created_at, r.attempts)
                for r in rows
            ]

    def retry(self, seqs: Sequence[int], by: UserView) -> int:
        """Put problem rows back in the queue (after the district fixed its side, say)."""
        require(by.display_name, by.roles, Permission.SYNC_PROBLEMS)
        with self._db.uow(write=True) as uow:
            n = (
                uow.session.connection()
                .execute(
                    update(Outbox)
                    .where(Outbox.seq.in_(list(seqs)), Outbox.status.in_(("rejected", "mismatch")))
                    .values(status="pending")
                )
                .rowcount
            )
            record(uow.session, self._station, self._clock.now(), "sync_retry", user_id=by.id, target=f"{n} facts")
            uow.commit()
        return int(n)

    def export_problems(self, out: Path, by: UserView) -> int:
        require(by.display_name, by.roles, Permission.SYNC_PROBLEMS)
        rows = [
            (p.seq, p.entity_type, p.entity_id, p.status, p.error, p.created_at.isoformat(), p.attempts)
            for p in self.problems()
        ]
        n = write_table(out, ("序号", "类型", "编号", "状态", "服务器说明", "产生时间", "尝试次数"), rows)
        with self._db.uow(write=True) as uow:
            record(
                uow.session,
                self._station,
                self._clock.now(),
                "export",
                user_id=by.id,
                target=out.name,
                what="sync problems",
            )
            uow.commit()
        return n
