"""Registered households and zero-profit pass-through (零利润): the registry, consignment intake,
the ledger every pass-through sale credits, income progress, and settlement (paying out).

Money rules: a pass-through product sells at the household's price and nothing else; each sold line
credits the household its full undiscounted amount (discounts and 抹零 are the store's); a refund
debits the refunded share; a payout covers every entry up to a ledger sequence number, so the same
entries are never paid twice, and only the household's home station (or the district) may pay.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from pos_app.contract.facts import ConsignmentFact, PayoutFact, to_payload
from pos_app.crypto import FieldCipher
from pos_app.domain.certification import today_local
from pos_app.domain.clock import Clock, to_local
from pos_app.domain.errors import ImportFailed, InvalidInput, NotFound
from pos_app.domain.identifiers import validate_id_number
from pos_app.domain.ids import new_id
from pos_app.domain.money import MAX_FEN, Fen, div_round_half_up
from pos_app.domain.money_rules import income_percent
from pos_app.domain.permissions import Permission, require
from pos_app.importing.catalog import ProductInput
from pos_app.importing.households import HouseholdInput, parse_households
from pos_app.importing.tabular import RowError
from pos_app.services.users import UserView
from pos_app.store.audit import record
from pos_app.store.catalog import insert_product
from pos_app.store.context import StationContext
from pos_app.store.models import (
    Consignment,
    Household,
    HouseholdCategory,
    LedgerEntry,
    Payout,
    PriceChange,
    Product,
    Refund,
    Sale,
    SaleLine,
    StockMovement,
    Subscription,
    table,
)
from pos_app.store.outbox import enqueue
from pos_app.store.settings import bump_catalog_version, read_setting
from pos_app.store.uow import Database

log = logging.getLogger("pos.sales")

DEFAULT_TARGET_FEN = 100_000  # ¥1,000 a year


@dataclass(frozen=True)
class HouseholdView:
    id: str
    code: str
    head_name: str
    village: str
    phone: str
    category_code: str
    category_name: str
    settlement_method: str
    id_number_masked: str
    bank_account_masked: str
    home_station_code: str
    consent_date: str | None


@dataclass(frozen=True)
class HouseholdProgress:
    household: HouseholdView
    year: int
    income_fen: Fen
    target_fen: Fen
    balance_fen: Fen
    last_sale_at: datetime | None
    buyers: int

    @property
    def percent(self) -> int:
        return income_percent(self.income_fen, self.target_fen)

    @property
    def below_target(self) -> bool:
        return self.income_fen < self.target_fen


@dataclass(frozen=True)
class LedgerLine:
    seq: int
    kind: str
    amount_fen: Fen
    at: datetime
    document: str  # receipt, refund or statement number
    product: str
    quantity: str


@dataclass(frozen=True)
class IntakeResult:
    slip_no: str
    household: HouseholdView
    product_id: str
    product_name: str
    unit_label: str
    sold_by_weight: bool
    quantity: int
    unit_price_fen: Fen
    amount_fen: Fen
    received_by: str
    at: datetime
    station_name: str


@dataclass(frozen=True)
class Settlement:
    statement_no: str
    household: HouseholdView
    amount_fen: Fen
    method: str
    reference: str
    lines: tuple[LedgerLine, ...]
    paid_by: str
    at: datetime
    station_name: str


@dataclass
class HouseholdImportReport:
    good: list[tuple[int, HouseholdInput]] = field(default_factory=list)
    bad: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def _qty_text(sold_by_weight: bool, qty: int, weight_g: int | None, unit: str) -> str:
    return f"{(weight_g or 0) / 1000:.3f}kg" if sold_by_weight else f"{qty}{unit}"


class HouseholdService:
    def __init__(self, db: Database, clock: Clock, station: StationContext, cipher: FieldCipher) -> None:
        self._db = db
        self._clock = clock
        self._station = station
        self._cipher = cipher

    # -- registry ------------------------------------------------------------------------------
    def categories(self) -> list[tuple[str, str]]:
        with self._db.uow() as uow:
            rows = uow.session.execute(
                select(HouseholdCategory.code, HouseholdCategory.name)
                .where(HouseholdCategory.active)
                .order_by(HouseholdCategory.sort_order)
            )
            return [(c, n) for c, n in rows]

    def _view(self, s: Session, h: Household) -> HouseholdView:
        name = s.get(HouseholdCategory, h.category_code)
        return HouseholdView(
            h.id,
            h.code,
            h.head_name,
            h.village,
            h.phone,
            h.category_code,
            name.name if name else h.category_code,
            h.settlement_method,
            ("*" * 14 + h.id_number_last4) if h.id_number_last4 else "",
            ("****" + h.bank_account_last4) if h.bank_account_last4 else "",
            h.home_station_code,
            h.consent_date,
        )

    def _row(self, s: Session, code: str) -> Household:
        h = s.execute(select(Household).where(Household.code == code.strip())).scalar_one_or_none()
        if h is None:
            raise NotFound(what="household", what_zh="农户", key=code)
        return h

    def get(self, code: str) -> HouseholdView:
        with self._db.uow() as uow:
            return self._view(uow.session, self._row(uow.session, code))

    def upsert(self, items: list[HouseholdInput]) -> tuple[int, int]:
        with self._db.uow(write=True) as uow:
            result = self.upsert_in(uow.session, items)
            uow.commit()
        return result

    def upsert_in(self, s: Session, items: list[HouseholdInput]) -> tuple[int, int]:
        """Create or update households by code in the caller's transaction: (created, updated)."""
        now = self._clock.now()
        created = updated = 0
        cats = {c for c in s.execute(select(HouseholdCategory.code).where(HouseholdCategory.active)).scalars()}
        for item in items:
            if item.category_code not in cats:
                raise InvalidInput(what=f"category {item.category_code!r}")
            values: dict[str, object] = {
                "head_name": item.head_name,
                "village": item.village,
                "phone": item.phone,
                "category_code": item.category_code,
                "settlement_method": item.settlement_method,
                "home_station_code": item.home_station_code or self._station.station_code,
                "consent_date": item.consent_date.isoformat() if item.consent_date else None,
                "active": item.active,
                "updated_at": now,
            }
            if item.id_number:
                values |= {
                    "id_number_enc": self._cipher.encrypt(item.id_number, "household.id_number"),
                    "id_number_hash": self._cipher.lookup_hash(item.id_number),
                    "id_number_last4": item.id_number[-4:],
                }
            if item.bank_account:
                values |= {
                    "bank_account_enc": self._cipher.encrypt(item.bank_account, "household.bank_account"),
                    "bank_account_last4": item.bank_account[-4:],
                }
            hid = s.execute(select(Household.id).where(Household.code == item.code)).scalar()
            if hid is None:
                s.execute(
                    insert(table(Household)),
                    [{"id": new_id(), "code": item.code, "created_at": now, **values}],
                )
                created += 1
            else:
                s.execute(update(Household).where(Household.id == hid).values(**values))
                updated += 1
        return created, updated

    def apply_from_district(self, s: Session, item: HouseholdInput, id_last4: str, bank_last4: str) -> None:
        """A registry row pulled from the district, in the caller's transaction. The district never
        sends ID or bank numbers: of its own households the station keeps what it registered itself
        while the last four still match; of another station's it keeps no number and no phone."""
        self.upsert_in(s, [item])
        h = s.execute(
            select(
                Household.id, Household.home_station_code, Household.id_number_last4, Household.bank_account_last4
            ).where(Household.code == item.code)
        ).one()
        values: dict[str, object] = {}
        if h.home_station_code != self._station.station_code:
            values = {"id_number_enc": None, "id_number_hash": None, "bank_account_enc": None}
            values |= {"id_number_last4": "", "bank_account_last4": "", "phone": ""}
        else:
            if id_last4 != h.id_number_last4:
                values |= {"id_number_enc": None, "id_number_hash": None, "id_number_last4": id_last4}
            if bank_last4 != h.bank_account_last4:
                values |= {"bank_account_enc": None, "bank_account_last4": bank_last4}
        if values:
            s.execute(update(Household).where(Household.id == h.id).values(**values))

    def parse_file(self, path: Path) -> HouseholdImportReport:
        parsed = parse_households(path, self.categories())
        return HouseholdImportReport(parsed.good, parsed.bad)

    def import_file(self, path: Path, *, skip_bad: bool = False) -> HouseholdImportReport:
        report = self.parse_file(path)
        if report.bad and not skip_bad:
            raise ImportFailed(count=len(report.bad), errors=report.bad)
        report.created, report.updated = self.upsert([i for _, i in report.good])
        return report

    def registry_rows(self, *, unmasked_by: UserView | None = None) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        """The registry for export. ID and bank numbers are masked unless an admin asks for them in
        full, which is audited."""
        if unmasked_by is not None:
            require(unmasked_by.display_name, unmasked_by.roles, Permission.EXPORT_UNMASKED)
        headers = (
            "户编码",
            "户主姓名",
            "所在村",
            "电话",
            "类别",
            "结算方式",
            "身份证号",
            "银行账号",
            "归属站点",
            "同意日期",
        )
        with self._db.uow(write=unmasked_by is not None) as uow:
            s = uow.session
            rows: list[tuple[str, ...]] = []
            for h in s.execute(select(Household).where(Household.active).order_by(Household.code)).scalars():
                v = self._view(s, h)
                if unmasked_by is not None:
                    idn = self._cipher.decrypt(h.id_number_enc, "household.id_number") if h.id_number_enc else ""
                    bank = (
                        self._cipher.decrypt(h.bank_account_enc, "household.bank_account") if h.bank_account_enc else ""
                    )
                else:
                    idn, bank = v.id_number_masked, v.bank_account_masked
                rows.append(
                    (
                        v.code,
                        v.head_name,
                        v.village,
                        v.phone,
                        v.category_name,
                        "现金" if v.settlement_method == "cash" else "银行",
                        idn,
                        bank,
                        v.home_station_code,
                        v.consent_date or "",
                    )
                )
            if unmasked_by is not None:
                record(
                    s,
                    self._station,
                    self._clock.now(),
                    "pii_export",
                    user_id=unmasked_by.id,
                    target="household registry",
                    rows=len(rows),
                )
                uow.commit()
        return headers, rows

    def find_by_id_number(self, id_number: str) -> HouseholdView | None:
        key = self._cipher.lookup_hash(validate_id_number(id_number))
        with self._db.uow() as uow:
            h = uow.session.execute(select(Household).where(Household.id_number_hash == key)).scalar_one_or_none()
            return None if h is None else self._view(uow.session, h)

    def reveal_id_number(self, code: str, user: UserView) -> str:
        """The full ID number, for someone allowed to see it; every reveal is in the audit log."""
        require(user.display_name, user.roles, Permission.REVEAL_PII)
        with self._db.uow(write=True) as uow:
            h = self._row(uow.session, code)
            if not h.id_number_enc:
                return ""
            record(
                uow.session,
                self._station,
                self._clock.now(),
                "pii_reveal",
                user_id=user.id,
                target=h.code,
                field="id_number",
            )
            uow.commit()
            return self._cipher.decrypt(h.id_number_enc, "household.id_number")

    # -- money -----------------------------------------------------------------------------------
    def target_for(self, year: int) -> Fen:
        with self._db.uow() as uow:
            targets = read_setting(uow.session, "income_targets") or {}
        return int(targets.get(str(year), DEFAULT_TARGET_FEN))

    def progress(
        self, text: str = "", *, year: int | None = None, below_target: bool = False, no_buyer: bool = False
    ) -> list[HouseholdProgress]:
        year = year or to_local(self._clock.now()).year
        target = self.target_for(year)
        with self._db.uow() as uow:
            s = uow.session
            income = dict(
                s.execute(
                    select(LedgerEntry.household_id, func.sum(LedgerEntry.amount_fen))
                    .where(LedgerEntry.year == year, LedgerEntry.kind.in_(("credit", "debit")))
                    .group_by(LedgerEntry.household_id)
                ).all()
            )
            balance = dict(
                s.execute(
                    select(LedgerEntry.household_id, func.sum(LedgerEntry.amount_fen)).group_by(
                        LedgerEntry.household_id
                    )
                ).all()
            )
            last = dict(
                s.execute(
                    select(LedgerEntry.household_id, func.max(LedgerEntry.at))
                    .where(LedgerEntry.kind == "credit")
                    .group_by(LedgerEntry.household_id)
                ).all()
            )
            buyers = dict(
                s.execute(
                    select(Subscription.household_id, func.count(func.distinct(Subscription.buyer_id))).group_by(
                        Subscription.household_id
                    )
                ).all()
            )
            q = select(Household).where(Household.active).order_by(Household.code)
            if text.strip():
                like = f"%{text.strip()}%"
                q = q.where(Household.code.like(like) | Household.head_name.like(like) | Household.village.like(like))
            out = []
            for h in s.execute(q).scalars():
                last_at = last.get(h.id)
                p = HouseholdProgress(
                    self._view(s, h),
                    year,
                    int(income.get(h.id, 0)),
                    target,
                    int(balance.get(h.id, 0)),
                    datetime.fromisoformat(last_at) if isinstance(last_at, str) else last_at,
                    int(buyers.get(h.id, 0)),
                )
                if (below_target and not p.below_target) or (no_buyer and p.buyers):
                    continue
                out.append(p)
        out.sort(key=lambda p: (p.percent, p.household.code))
        return out

    def balance(self, code: str) -> Fen:
        with self._db.uow() as uow:
            h = self._row(uow.session, code)
            return int(
                uow.session.execute(
                    select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0)).where(LedgerEntry.household_id == h.id)
                ).scalar_one()
            )

    def ledger(self, code: str, *, unpaid_only: bool = False) -> list[LedgerLine]:
        with self._db.uow() as uow:
            s = uow.session
            h = self._row(s, code)
            after = self._paid_through(s, h.id) if unpaid_only else -1
            return self._ledger(s, h.id, after, kinds=("credit", "debit") if unpaid_only else None)

    @staticmethod
    def _paid_through(s: Session, household_id: str) -> int:
        return int(
            s.execute(
                select(func.coalesce(func.max(Payout.through_seq), 0)).where(Payout.household_id == household_id)
            ).scalar_one()
        )

    @staticmethod
    def _ledger(s: Session, household_id: str, after_seq: int, kinds: tuple[str, ...] | None) -> list[LedgerLine]:
        q = (
            select(LedgerEntry, SaleLine, Sale.receipt_no, Refund.receipt_no, Payout.statement_no)
            .outerjoin(SaleLine, SaleLine.id == LedgerEntry.sale_line_id)
            .outerjoin(Sale, Sale.id == LedgerEntry.sale_id)
            .outerjoin(Refund, Refund.id == LedgerEntry.refund_id)
            .outerjoin(Payout, Payout.id == LedgerEntry.payout_id)
            .where(LedgerEntry.household_id == household_id, LedgerEntry.seq > after_seq)
            .order_by(LedgerEntry.seq)
        )
        if kinds:
            q = q.where(LedgerEntry.kind.in_(kinds))
        out = []
        for e, line, receipt, refund_no, statement in s.execute(q):
            out.append(
                LedgerLine(
                    e.seq,
                    e.kind,
                    e.amount_fen,
                    e.at,
                    refund_no or receipt or statement or "",
                    line.name if line else "",
                    _qty_text(line.sold_by_weight, line.qty, line.weight_g, line.unit_label)
                    if line and e.kind == "credit"
                    else "",
                )
            )
        return out

    # -- consignment intake ----------------------------------------------------------------------
    def intake(
        self,
        household_code: str,
        *,
        quantity: int,
        price_fen: Fen,
        received_by: UserView,
        product_id: str | None = None,
        new_product: ProductInput | None = None,
    ) -> IntakeResult:
        """Goods handed in by a household at its price: stock owned by it, and a slip to print.

        ``quantity`` is pieces, or grams for weighed goods; ``price_fen`` per piece, or per kg."""
        require(received_by.display_name, received_by.roles, Permission.CONSIGNMENT)
        if (product_id is None) == (new_product is None):
            raise InvalidInput(what="choose the household's product or describe a new one")
        if not 0 < quantity <= 10_000_000:
            raise InvalidInput(what=f"quantity {quantity}")
        if not 0 < price_fen <= MAX_FEN:
            raise InvalidInput(what="the household's price")
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            h = self._row(s, household_code)
            if product_id is None:
                assert new_product is not None
                product_id = insert_product(
                    s, new_product, now, "intake", household_id=h.id, pass_through=True, price_fen=price_fen
                )
            p = s.get(Product, product_id)
            if p is None:
                raise NotFound(what="product", what_zh="商品", key=product_id)
            if not p.pass_through or p.household_id != h.id:
                raise InvalidInput(what=f"{p.name} is not a consignment product of household {h.code}")
            if p.price_fen != price_fen:
                s.execute(
                    insert(table(PriceChange)),
                    [
                        {
                            "id": new_id(),
                            "product_id": p.id,
                            "old_price_fen": p.price_fen,
                            "new_price_fen": price_fen,
                            "changed_at": now,
                            "source": "intake",
                        }
                    ],
                )
                p.price_fen = price_fen
                p.updated_at = now
            n = int(s.execute(select(func.count()).select_from(Consignment)).scalar_one()) + 1
            slip_no = f"{self._station.station_code}-IN-{n:06d}"
            cid = new_id()
            amount = div_round_half_up(quantity * price_fen, 1000) if p.sold_by_weight else quantity * price_fen
            row = {
                "id": cid,
                "slip_no": slip_no,
                "household_id": h.id,
                "product_id": p.id,
                "quantity": quantity,
                "unit_price_fen": price_fen,
                "amount_fen": amount,
                "received_by": received_by.id,
                "created_at": now,
            }
            s.execute(insert(table(Consignment)), [row])
            s.execute(
                insert(table(StockMovement)),
                [{"id": new_id(), "product_id": p.id, "delta": quantity, "reason": "intake", "ref_id": cid, "at": now}],
            )
            fact = ConsignmentFact.model_validate({**row, "household_code": h.code})
            enqueue(s, "consignment", cid, to_payload(fact), now)
            bump_catalog_version(s)
            view = self._view(s, h)
            result = IntakeResult(
                slip_no,
                view,
                p.id,
                p.name,
                p.unit_label,
                p.sold_by_weight,
                quantity,
                price_fen,
                amount,
                received_by.display_name,
                now,
                self._station.station_name,
            )
            uow.commit()
        return result

    def products_of(self, code: str) -> list[tuple[str, str, str, Fen, bool]]:
        """The household's consignment products: (id, name, unit, price, sold by weight)."""
        with self._db.uow() as uow:
            h = self._row(uow.session, code)
            rows = uow.session.execute(
                select(Product.id, Product.name, Product.unit_label, Product.price_fen, Product.sold_by_weight)
                .where(Product.household_id == h.id, Product.pass_through)
                .order_by(Product.name)
            )
            return [(a, b, c, d, e) for a, b, c, d, e in rows]

    # -- settlement ------------------------------------------------------------------------------
    def settle(self, code: str, *, method: str, reference: str = "", paid_by: UserView) -> Settlement:
        """Pay out everything credited since the last settlement, once."""
        require(paid_by.display_name, paid_by.roles, Permission.SETTLEMENT)
        if method not in ("cash", "bank"):
            raise InvalidInput(what=f"method {method!r} (cash or bank)")
        if method == "bank" and not reference.strip():
            raise InvalidInput(what="a bank transfer needs its reference")
        now = self._clock.now()
        with self._db.uow(write=True) as uow:
            s = uow.session
            h = self._row(s, code)
            if h.home_station_code != self._station.station_code:
                raise InvalidInput(
                    what=f"household {h.code} is settled at station {h.home_station_code} or by the district"
                )
            after = self._paid_through(s, h.id)
            lines = self._ledger(s, h.id, after, kinds=("credit", "debit"))
            amount = sum(li.amount_fen for li in lines)
            if not lines or amount <= 0:
                raise InvalidInput(what=f"nothing to pay household {h.code}")
            n = int(s.execute(select(func.count()).select_from(Payout)).scalar_one()) + 1
            statement_no = f"{self._station.station_code}-JS-{n:06d}"
            pid = new_id()
            payout = {
                "id": pid,
                "statement_no": statement_no,
                "household_id": h.id,
                "amount_fen": amount,
                "method": method,
                "reference": reference.strip()[:64],
                "through_seq": lines[-1].seq,
                "paid_by": paid_by.id,
                "station_code": self._station.station_code,
                "at": now,
            }
            s.execute(insert(table(Payout)), [payout])
            s.execute(
                insert(table(LedgerEntry)),
                [
                    {
                        "id": new_id(),
                        "household_id": h.id,
                        "kind": "payout",
                        "amount_fen": -amount,
                        "payout_id": pid,
                        "year": to_local(now).year,
                        "at": now,
                    }
                ],
            )
            enqueue(s, "payout", pid, to_payload(PayoutFact.model_validate({**payout, "household_code": h.code})), now)
            record(
                s,
                self._station,
                now,
                "settlement",
                user_id=paid_by.id,
                target=h.code,
                amount_fen=amount,
                method=method,
                statement_no=statement_no,
            )
            result = Settlement(
                statement_no,
                self._view(s, h),
                amount,
                method,
                reference.strip(),
                tuple(lines),
                paid_by.display_name,
                now,
                self._station.station_name,
            )
            uow.commit()
        log.info("household %s paid %s fen (%s)", code, amount, statement_no)
        return result

    def today(self) -> date:
        return today_local(self._clock.now())

    def now(self) -> datetime:
        return self._clock.now()

    @property
    def station_name(self) -> str:
        return self._station.station_name


@dataclass(frozen=True)
class HouseholdStatement:
    household: HouseholdView
    year: int
    lines: tuple[LedgerLine, ...]  # credits, refunds and payouts in the year
    income_fen: Fen
    target_fen: Fen
    balance_fen: Fen
    station_name: str
    printed_at: datetime

    @property
    def percent(self) -> int:
        return income_percent(self.income_fen, self.target_fen)


def statement(service: HouseholdService, code: str, year: int) -> HouseholdStatement:
    """A household's year: every credited line, refunds, payouts, balance, progress to the target."""
    lines = tuple(li for li in service.ledger(code) if to_local(li.at).year == year)
    income = sum(li.amount_fen for li in lines if li.kind in ("credit", "debit"))
    return HouseholdStatement(
        service.get(code),
        year,
        lines,
        income,
        service.target_for(year),
        service.balance(code),
        service.station_name,
        service.now(),
    )
