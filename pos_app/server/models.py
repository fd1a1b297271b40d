"""The district server's database (PostgreSQL in production, SQLite by default). Its own schema:
the server never imports the station's store.

Three kinds of table:
- who may talk to us: stations, terminals (token hashes), one-time enrollment codes, district admins;
- facts from stations, insert-only: ``received_op`` is the exactly-once judge (one row per terminal
  and entity), ``fact`` keeps every accepted payload as sent, and sales, lines, refunds, ledger
  entries, stock movements and payouts are unpacked for the district's reports; ``quarantine`` keeps
  every changed resend, never dropped;
- reference data handed down (products, certificates, categories, households, tenders, settings),
  each row stamped with a ``version`` from one counter, so a pull is ``version > cursor``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Id = String(36)
Money = BigInteger  # fen; a district's yearly totals outgrow 32 bits


class UTCTime(TypeDecorator[datetime]):
    """timestamptz on PostgreSQL, sortable ISO text on SQLite; always aware UTC in Python."""

    impl = String(32)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(DateTime(timezone=True))
        return dialect.type_descriptor(String(32))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; the server stores aware UTC times only")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.isoformat(timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table(model: type[Base]) -> Table:
    t = model.__table__
    assert isinstance(t, Table)
    return t


# -- who may talk to us ------------------------------------------------------------------------------


class ServerMeta(Base):
    """``epoch``: a new one after every restore from backup, so stations resend what was lost."""

    __tablename__ = "server_meta"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class VersionCounter(Base):
    """The one sequence of reference-data versions. Taking the next versions locks this row until
    commit, so reference writers run one at a time and versions become visible in order: a reader
    never sees version N+1 before N (only versions below the oldest in flight are served)."""

    __tablename__ = "version_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class DistrictStation(Base):
    __tablename__ = "station"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCTime())


class DistrictTerminal(Base):
    __tablename__ = "terminal"
    __table_args__ = (UniqueConstraint("station_id", "number"),)
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    number: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # SHA-256 of the token
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCTime())
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCTime())
    high_water: Mapped[int] = mapped_column(BigInteger, default=0)  # contiguous outbox seq received
    clock_skew_s: Mapped[int | None] = mapped_column(Integer)  # the till's clock less the server's, when last seen


class EnrollmentCode(Base):
    __tablename__ = "enrollment_code"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    terminal_number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCTime())
    expires_at: Mapped[datetime] = mapped_column(UTCTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCTime())


class AdminUser(Base):
    """A district office account (reports over HTTP); password hashed with scrypt."""

    __tablename__ = "admin_user"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCTime())
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # wrong passwords in a row
    locked_until: Mapped[datetime | None] = mapped_column(UTCTime())


class WebSession(Base):
    """A district admin signed in to the web pages: the cookie's SHA-256 (the cookie itself is never
    stored), the form token every change must carry back, and when it was last used."""

    __tablename__ = "web_session"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCTime())


# -- facts -------------------------------------------------------------------------------------------


class ReceivedOp(Base):
    """The exactly-once judge: inserted ON CONFLICT DO NOTHING in the same transaction as the fact's
    business effect, which is applied only when this row is new."""

    __tablename__ = "received_op"
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"), primary_key=True)
    entity_id: Mapped[str] = mapped_column(Id, primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    terminal_seq: Mapped[int] = mapped_column(BigInteger)
    payload_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # applied | rejected
    reason: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCTime())


class Quarantine(Base):
    """A resend whose payload differs from the first one received: kept for a person to judge."""

    __tablename__ = "quarantine"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"), index=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(Id)
    terminal_seq: Mapped[int] = mapped_column(BigInteger)
    payload_json: Mapped[str] = mapped_column(Text)
    payload_hash: Mapped[str] = mapped_column(String(64))
    first_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCTime())


class Fact(Base):
    """Every accepted fact as the station sent it (shifts, audit entries, deliveries … included)."""

    __tablename__ = "fact"
    entity_id: Mapped[str] = mapped_column(Id, primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(32), index=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    payload_json: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCTime())


class DistrictSale(Base):
    __tablename__ = "sale"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    receipt_no: Mapped[str] = mapped_column(String(32))
    doc_seq: Mapped[int] = mapped_column(BigInteger)
    shift_id: Mapped[str | None] = mapped_column(Id, index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCTime())
    local_day: Mapped[str] = mapped_column(String(10))  # Asia/Shanghai calendar day, for reports
    subtotal_fen: Mapped[int] = mapped_column(Money)
    discount_fen: Mapped[int] = mapped_column(Money)
    rounding_fen: Mapped[int] = mapped_column(Money)
    total_fen: Mapped[int] = mapped_column(Money)
    buyer_name: Mapped[str | None] = mapped_column(String(100))
    buyer_institutional: Mapped[bool] = mapped_column(Boolean, default=False)
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # arrived after its shift had closed
    received_at: Mapped[datetime] = mapped_column(UTCTime())


class DistrictSaleLine(Base):
    __tablename__ = "sale_line"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str] = mapped_column(Id)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(32))
    qty: Mapped[int] = mapped_column(Integer)
    weight_g: Mapped[int | None] = mapped_column(Integer)
    gross_fen: Mapped[int] = mapped_column(Money)
    net_fen: Mapped[int] = mapped_column(Money)
    voided: Mapped[bool] = mapped_column(Boolean)
    certified: Mapped[bool] = mapped_column(Boolean)
    certificate_no: Mapped[str | None] = mapped_column(String(64))
    pass_through: Mapped[bool] = mapped_column(Boolean)
    household_code: Mapped[str | None] = mapped_column(String(32))


class DistrictRefund(Base):
    __tablename__ = "refund"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    sale_id: Mapped[str] = mapped_column(Id, index=True)
    receipt_no: Mapped[str] = mapped_column(String(32))
    doc_seq: Mapped[int] = mapped_column(BigInteger)
    shift_id: Mapped[str | None] = mapped_column(Id, index=True)  # the till's shift it was made in
    created_at: Mapped[datetime] = mapped_column(UTCTime())
    local_day: Mapped[str] = mapped_column(String(10))
    total_fen: Mapped[int] = mapped_column(Money)
    received_at: Mapped[datetime] = mapped_column(UTCTime())
    version: Mapped[int] = mapped_column(BigInteger, index=True)  # the station_refunds stream's order


class DistrictRefundLine(Base):
    __tablename__ = "refund_line"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    refund_id: Mapped[str] = mapped_column(ForeignKey("refund.id"), index=True)
    sale_line_id: Mapped[str] = mapped_column(Id)
    quantity: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Money)


class DistrictLedgerEntry(Base):
    """A household's money as stations booked it: credit +, debit −, payout −."""

    __tablename__ = "ledger_entry"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    station_id: Mapped[str | None] = mapped_column(ForeignKey("station.id"))  # None: paid by the district
    household_code: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    amount_fen: Mapped[int] = mapped_column(Money)
    year: Mapped[int] = mapped_column(Integer)
    local_day: Mapped[str] = mapped_column(String(10))
    sale_id: Mapped[str | None] = mapped_column(Id)
    refund_id: Mapped[str | None] = mapped_column(Id)
    payout_id: Mapped[str | None] = mapped_column(Id)
    at: Mapped[datetime] = mapped_column(UTCTime())
    sale_line_id: Mapped[str | None] = mapped_column(Id, index=True)  # a credit's or debit's line
    terminal_id: Mapped[str | None] = mapped_column(String(36))  # the till that booked it; None: the district
    reservation_id: Mapped[str | None] = mapped_column(Id, index=True)  # the settlement whose statement lists it


class DistrictStockMovement(Base):
    __tablename__ = "stock_movement"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    product_id: Mapped[str] = mapped_column(Id, index=True)
    delta: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCTime())
    terminal_id: Mapped[str | None] = mapped_column(String(36))


class DistrictPayout(Base):
    __tablename__ = "payout"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    station_id: Mapped[str | None] = mapped_column(ForeignKey("station.id"))  # None: paid by the district
    household_code: Mapped[str] = mapped_column(String(32), index=True)
    statement_no: Mapped[str] = mapped_column(String(32))
    amount_fen: Mapped[int] = mapped_column(Money)
    method: Mapped[str] = mapped_column(String(8))
    reference: Mapped[str] = mapped_column(String(64), default="")
    paid_by: Mapped[str] = mapped_column(String(64), default="")  # the district admin, for its own payouts
    at: Mapped[datetime] = mapped_column(UTCTime())


class DistrictConsignment(Base):
    """Goods a household handed in at a station: the district's own book of whose goods a
    pass-through product is (a sale line's household is judged against it)."""

    __tablename__ = "consignment"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    product_id: Mapped[str] = mapped_column(Id, index=True)
    household_code: Mapped[str] = mapped_column(String(32), index=True)
    slip_no: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int] = mapped_column(BigInteger)
    unit_price_fen: Mapped[int] = mapped_column(Money)
    amount_fen: Mapped[int] = mapped_column(Money)
    at: Mapped[datetime] = mapped_column(UTCTime())


class DayStation(Base):
    """Running totals of one station's day, kept at ingest: the district report reads these, not
    every sale."""

    __tablename__ = "day_station"
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), primary_key=True)
    local_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    sales_count: Mapped[int] = mapped_column(BigInteger, default=0)
    sales_fen: Mapped[int] = mapped_column(Money, default=0)
    late_sales: Mapped[int] = mapped_column(BigInteger, default=0)
    refunds_fen: Mapped[int] = mapped_column(Money, default=0)
    certified_fen: Mapped[int] = mapped_column(Money, default=0)


class DayHousehold(Base):
    """Running totals of one household's day at one station ("" for the district's own payouts)."""

    __tablename__ = "day_household"
    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    household_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    local_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    earned_fen: Mapped[int] = mapped_column(Money, default=0)  # credits less refund debits
    earned_entries: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_fen: Mapped[int] = mapped_column(Money, default=0)  # payouts, as a positive sum


class MonthHousehold(Base):
    """The same as ``DayHousehold`` for a calendar month ("2026-11"): a span of whole months, or the
    whole year, reads these instead of every day."""

    __tablename__ = "month_household"
    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    household_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    earned_fen: Mapped[int] = mapped_column(Money, default=0)
    earned_entries: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_fen: Mapped[int] = mapped_column(Money, default=0)


class TerminalStock(Base):
    """Running totals: one till's net stock moves of a product (intake, sales, refunds). A station's
    stock is the sum over its tills; a till shows that sum less its own share here plus its own moves."""

    __tablename__ = "terminal_stock"
    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    on_hand: Mapped[int] = mapped_column(BigInteger, default=0)


class TerminalBalance(Base):
    """Running totals: what one till's ledger entries add to a household's balance ("" for the
    district's own payouts). A household's balance is the sum over every till of every station."""

    __tablename__ = "terminal_balance"
    terminal_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    household_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    amount_fen: Mapped[int] = mapped_column(Money, default=0)


class SettlementReservation(Base):
    """A household's balance held for one settlement at one till until its payout fact arrives
    (``paid``) or a district admin releases it; never expires, so cash handed over is never paid twice."""

    __tablename__ = "settlement_reservation"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    household_code: Mapped[str] = mapped_column(String(32), index=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    amount_fen: Mapped[int] = mapped_column(Money)
    state: Mapped[str] = mapped_column(String(8))  # reserved | paid | released
    payout_id: Mapped[str | None] = mapped_column(Id)
    reserved_at: Mapped[datetime] = mapped_column(UTCTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCTime())


class DayBuyer(Base):
    """Running totals of an institutional buyer's day: purchases and poverty-area products in them."""

    __tablename__ = "day_buyer"
    buyer_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    local_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    total_fen: Mapped[int] = mapped_column(Money, default=0)
    poverty_fen: Mapped[int] = mapped_column(Money, default=0)


class DayProduct(Base):
    """Running totals of the district's day for one poverty-relief variety: certified goods by their
    certificate (``kind`` certified) and households' consigned goods (``kind`` household), by the name
    they sold under; the lines, pieces, grams and fen sold (voided lines left out, before refunds)."""

    __tablename__ = "day_product"
    local_day: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # certified | household
    certificate_no: Mapped[str] = mapped_column(String(64), primary_key=True)  # "" for none
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    lines: Mapped[int] = mapped_column(BigInteger, default=0)
    qty: Mapped[int] = mapped_column(BigInteger, default=0)  # pieces, of lines sold by the piece
    weight_g: Mapped[int] = mapped_column(BigInteger, default=0)  # grams, of lines sold by weight
    sales_fen: Mapped[int] = mapped_column(Money, default=0)


class TerminalReceipts(Base):
    """Running totals of a till's receipt numbers as received (sales and refunds share them, each
    used once): how many, and the highest. The numbers missing are the highest less how many."""

    __tablename__ = "terminal_receipts"
    terminal_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    highest: Mapped[int] = mapped_column(BigInteger, default=0)


class AuditLink(Base):
    """One audit entry of a terminal's chain as the district received it, in order. ``broken``: its
    previous hash is not the hash of the entry received before it from that terminal (entries were
    deleted, rewritten or reordered on the station)."""

    __tablename__ = "audit_link"
    entity_id: Mapped[str] = mapped_column(Id, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    n: Mapped[int] = mapped_column(BigInteger)  # its place in the terminal's chain as received, from 1
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    expected_prev: Mapped[str] = mapped_column(String(64))
    broken: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(UTCTime())
    received_at: Mapped[datetime] = mapped_column(UTCTime())


Index("ix_audit_link_terminal_n", AuditLink.terminal_id, AuditLink.n, unique=True)


class HeldFact(Base):
    """A refund whose sale has not arrived yet (it may be another till's): kept, acknowledged as
    held, and judged when its sale arrives. Never applied blind, never refused for ever."""

    __tablename__ = "held_fact"
    entity_id: Mapped[str] = mapped_column(Id, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    entity_type: Mapped[str] = mapped_column(String(32))
    waits_for: Mapped[str] = mapped_column(Id, index=True)  # the sale's id
    schema_ver: Mapped[int] = mapped_column(Integer)
    payload_json: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCTime())


class DistrictDelivery(Base):
    """A home-delivery order's furthest state: events may arrive in any order, the rank only rises."""

    __tablename__ = "delivery_order"
    id: Mapped[str] = mapped_column(Id, primary_key=True)  # the station's order id
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    order_no: Mapped[str] = mapped_column(String(32))
    day: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(16))
    rank: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCTime())


# -- reference data handed down ----------------------------------------------------------------------


class RefProduct(Base):
    __tablename__ = "ref_product"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    unit_label: Mapped[str] = mapped_column(String(8))
    price_fen: Mapped[int] = mapped_column(Money)  # per unit_label, as imported
    codes: Mapped[str] = mapped_column(Text, default="")  # ';'-separated
    category: Mapped[str] = mapped_column(String(32), default="")
    plu: Mapped[int | None] = mapped_column(Integer, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pinyin_initials: Mapped[str] = mapped_column(String(100), default="")  # computed once, at import
    pinyin_full: Mapped[str] = mapped_column(String(400), default="")
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCTime())


class RefProductCode(Base):
    __tablename__ = "ref_product_code"
    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("ref_product.id"), index=True)


class StationProduct(Base):
    """A product created or changed at a till (an intake of a household's goods, a station's own
    product): registered under the till's id and handed down to every till of that station only."""

    __tablename__ = "station_product"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), index=True)
    body_json: Mapped[str] = mapped_column(Text)  # the StationProductRow as handed down
    changed_at: Mapped[datetime] = mapped_column(UTCTime())  # the till's time of the change: the newest wins
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCTime())


class RefCertificate(Base):
    __tablename__ = "ref_certificate"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    cert_no: Mapped[str] = mapped_column(String(64), unique=True)
    body_json: Mapped[str] = mapped_column(Text)  # the CertificateRow as handed down
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCTime())


class RefCategory(Base):
    __tablename__ = "ref_category"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the category code
    body_json: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCTime())


class RefHousehold(Base):
    """The registry; ID and bank numbers encrypted with the server's key, never stored in clear."""

    __tablename__ = "ref_household"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    body_json: Mapped[str] = mapped_column(Text)  # the HouseholdRow without ID and bank numbers
    id_number_enc: Mapped[str | None] = mapped_column(Text)
    bank_account_enc: Mapped[str | None] = mapped_column(Text)
    home_station_code: Mapped[str] = mapped_column(String(16), default="")
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCTime())


class RefTender(Base):
    __tablename__ = "ref_tender"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the tender code
    body_json: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCTime())


class RefSetting(Base):
    __tablename__ = "ref_setting"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the setting key
    body_json: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCTime())


Index("ix_received_op_terminal_seq", ReceivedOp.terminal_id, ReceivedOp.terminal_seq)
Index("ix_received_op_received_at", ReceivedOp.received_at)  # what came in today
Index("ix_day_household_day", DayHousehold.local_day)  # the days around a span's whole months
Index(  # the facts refused, for the station's page
    "ix_received_op_refused",
    ReceivedOp.terminal_id,
    ReceivedOp.received_at,
    postgresql_where=ReceivedOp.status == "rejected",
    sqlite_where=ReceivedOp.status == "rejected",
)
Index("ix_sale_station_day", DistrictSale.station_id, DistrictSale.local_day)
Index("ix_sale_terminal_seq", DistrictSale.terminal_id, DistrictSale.doc_seq)  # receipt-number gaps
Index("ix_refund_terminal_seq", DistrictRefund.terminal_id, DistrictRefund.doc_seq)
Index("ix_ledger_station_day", DistrictLedgerEntry.station_id, DistrictLedgerEntry.local_day)
Index("ix_refund_line_sale_line", DistrictRefundLine.sale_line_id)
Index("ix_sale_station_receipt", DistrictSale.station_id, DistrictSale.receipt_no)
