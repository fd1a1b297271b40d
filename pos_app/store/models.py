"""The station database. Ids are UUIDv7 text; money integer fen; weights integer grams; times UTC.

Facts (sales, lines, payments, refunds, stock movements, outbox) are append-only: corrections are
new rows pointing back. Reference data (products, codes, tenders, settings) is updated in place,
with price history kept in ``price_change``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pos_app.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Id = String(36)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table(model: type[Base]) -> Table:
    """The Core table of a model, for fast multi-row inserts on hot paths."""
    t = model.__table__
    assert isinstance(t, Table)
    return t


class Station(Base):
    __tablename__ = "station"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Terminal(Base):
    __tablename__ = "terminal"
    __table_args__ = (UniqueConstraint("station_id", "number"),)
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    number: Mapped[int] = mapped_column(Integer)
    last_doc_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AppUser(Base):
    __tablename__ = "app_user"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    roles: Mapped[str] = mapped_column(String(128))  # comma-separated: cashier,volunteer,manager,admin
    pin_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Setting(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class TenderType(Base):
    __tablename__ = "tender_type"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Product(Base):
    __tablename__ = "product"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    unit_label: Mapped[str] = mapped_column(String(8))
    sold_by_weight: Mapped[bool] = mapped_column(Boolean, default=False)
    price_fen: Mapped[int] = mapped_column(Integer)  # per piece, or per kg when sold by weight
    plu: Mapped[int | None] = mapped_column(Integer, unique=True)
    category: Mapped[str] = mapped_column(String(32), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pinyin_initials: Mapped[str] = mapped_column(String(100), default="")
    pinyin_full: Mapped[str] = mapped_column(String(400), default="")
    search_name: Mapped[str] = mapped_column(String(100), default="")  # name folded for substring search
    # Consigned goods of a registered household: sold at the household's price, every fen credited to it.
    household_id: Mapped[str | None] = mapped_column(ForeignKey("household.id"), index=True)
    pass_through: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProductCode(Base):
    __tablename__ = "product_code"
    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), index=True)


class PriceChange(Base):
    __tablename__ = "price_change"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), index=True)
    old_price_fen: Mapped[int | None] = mapped_column(Integer)
    new_price_fen: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(64))


class StockMovement(Base):
    __tablename__ = "stock_movement"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"))
    delta: Mapped[int] = mapped_column(Integer)  # pieces, or grams for weighed goods
    reason: Mapped[str] = mapped_column(String(16))  # sale | refund | intake | adjust
    ref_id: Mapped[str | None] = mapped_column(Id)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Shift(Base):
    __tablename__ = "shift"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    opened_by: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    float_fen: Mapped[int] = mapped_column(Integer)
    closed_by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ShiftCount(Base):
    __tablename__ = "shift_count"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"), index=True)
    tender_code: Mapped[str] = mapped_column(String(32))
    expected_fen: Mapped[int] = mapped_column(Integer)
    counted_fen: Mapped[int] = mapped_column(Integer)


class Sale(Base):
    __tablename__ = "sale"
    __table_args__ = (UniqueConstraint("terminal_id", "doc_seq"),)
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    doc_seq: Mapped[int] = mapped_column(Integer)
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shift.id"), index=True)
    cashier_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    item_count: Mapped[int] = mapped_column(Integer)
    subtotal_fen: Mapped[int] = mapped_column(Integer)
    discount_fen: Mapped[int] = mapped_column(Integer)
    rounding_fen: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(Integer)
    change_fen: Mapped[int] = mapped_column(Integer)
    buyer_id: Mapped[str | None] = mapped_column(ForeignKey("buyer.id"), index=True)  # institutional buyer
    # A delivered order's sale: unique, so paying the same order twice is impossible even under races.
    delivery_order_id: Mapped[str | None] = mapped_column(Id, unique=True)


class SaleLine(Base):
    __tablename__ = "sale_line"
    __table_args__ = (UniqueConstraint("sale_id", "line_no"),)
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), index=True)
    code: Mapped[str] = mapped_column(String(48))
    name: Mapped[str] = mapped_column(String(100))
    unit_label: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(32))
    sold_by_weight: Mapped[bool] = mapped_column(Boolean)
    qty: Mapped[int] = mapped_column(Integer)
    weight_g: Mapped[int | None] = mapped_column(Integer)
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    gross_fen: Mapped[int] = mapped_column(Integer)
    discount_fen: Mapped[int] = mapped_column(Integer)
    rounding_fen: Mapped[int] = mapped_column(Integer)
    net_fen: Mapped[int] = mapped_column(Integer)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    void_approved_by: Mapped[str | None] = mapped_column(Id)  # the manager who approved the void
    certified: Mapped[bool] = mapped_column(Boolean, default=False)
    certificate_no: Mapped[str | None] = mapped_column(String(64))
    household_id: Mapped[str | None] = mapped_column(Id)
    pass_through: Mapped[bool] = mapped_column(Boolean, default=False)
    # the cost of goods at the moving average when it sold; None: never received with a cost, a
    # household's consigned goods (their cost is the household's credit) or a voided line
    cost_fen: Mapped[int | None] = mapped_column(Integer)


class Payment(Base):
    __tablename__ = "payment"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    tender_code: Mapped[str] = mapped_column(String(32))
    amount_fen: Mapped[int] = mapped_column(Integer)
    tendered_fen: Mapped[int] = mapped_column(Integer)
    change_fen: Mapped[int] = mapped_column(Integer)
    masked_code: Mapped[str | None] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(64))


class Refund(Base):
    __tablename__ = "refund"
    __table_args__ = (UniqueConstraint("terminal_id", "doc_seq"),)
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    sale_id: Mapped[str] = mapped_column(Id, index=True)  # this till's sale, or another till's (the district's copy)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    doc_seq: Mapped[int] = mapped_column(Integer)
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shift.id"), index=True)
    cashier_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    total_fen: Mapped[int] = mapped_column(Integer)


class RefundLine(Base):
    __tablename__ = "refund_line"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    refund_id: Mapped[str] = mapped_column(ForeignKey("refund.id"), index=True)
    sale_line_id: Mapped[str] = mapped_column(Id, index=True)  # not a foreign key: see Refund.sale_id
    quantity: Mapped[int] = mapped_column(Integer)  # pieces, or grams when weighed
    amount_fen: Mapped[int] = mapped_column(Integer)


class RefundPayment(Base):
    __tablename__ = "refund_payment"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    refund_id: Mapped[str] = mapped_column(ForeignKey("refund.id"), index=True)
    tender_code: Mapped[str] = mapped_column(String(32))
    amount_fen: Mapped[int] = mapped_column(Integer)


class HeldSale(Base):
    __tablename__ = "held_sale"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    cashier_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    total_fen: Mapped[int] = mapped_column(Integer)
    line_count: Mapped[int] = mapped_column(Integer)
    cart_json: Mapped[str] = mapped_column(Text)


class Certificate(Base):
    """A certified poverty-relief product (扶贫产品认定), as the district publishes it."""

    __tablename__ = "certificate"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    cert_no: Mapped[str] = mapped_column(String(64), unique=True)
    product_name: Mapped[str] = mapped_column(String(100))
    supplier_name: Mapped[str] = mapped_column(String(100))
    supplier_credit_code: Mapped[str] = mapped_column(String(18))
    origin: Mapped[str] = mapped_column(String(100), default="")
    category: Mapped[str] = mapped_column(String(32), default="")
    channel: Mapped[str] = mapped_column(String(8), default="")
    valid_from: Mapped[str] = mapped_column(String(10))  # ISO date
    valid_to: Mapped[str] = mapped_column(String(10), index=True)
    households_driven: Mapped[int] = mapped_column(Integer, default=0)
    regime: Mapped[str] = mapped_column(String(16), default="", server_default="")  # REGIMES, or "" unstated
    issuer: Mapped[str] = mapped_column(String(100), default="", server_default="")  # 认定机构
    batch: Mapped[str] = mapped_column(String(32), default="", server_default="")  # 认定批次
    barcodes: Mapped[str] = mapped_column(Text, default="")  # ';'-separated, as given
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CertificateProduct(Base):
    __tablename__ = "certificate_product"
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificate.id"), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), primary_key=True, index=True)


class CertificateCode(Base):
    """A barcode a certificate lists (its ``barcodes`` text, one row each), so a product arriving
    later with that code finds its certificate through an index."""

    __tablename__ = "certificate_code"
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificate.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(48), primary_key=True, index=True)


class HouseholdCategory(Base):
    __tablename__ = "household_category"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Household(Base):
    """A registered household (帮扶户). ID and bank numbers are stored encrypted, with a keyed hash
    for exact look-up and the last four characters for display."""

    __tablename__ = "household"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    head_name: Mapped[str] = mapped_column(String(32))
    village: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(20), default="")
    category_code: Mapped[str] = mapped_column(ForeignKey("household_category.code"))
    settlement_method: Mapped[str] = mapped_column(String(8), default="cash")  # cash | bank
    id_number_enc: Mapped[str | None] = mapped_column(Text)
    id_number_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    id_number_last4: Mapped[str] = mapped_column(String(4), default="")
    bank_account_enc: Mapped[str | None] = mapped_column(Text)
    bank_account_last4: Mapped[str] = mapped_column(String(4), default="")
    home_station_code: Mapped[str] = mapped_column(String(16))
    consent_date: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Consignment(Base):
    """Goods a household handed in (代销入库), at the household's price."""

    __tablename__ = "consignment"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    slip_no: Mapped[str] = mapped_column(String(32), unique=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int] = mapped_column(Integer)  # pieces, or grams when weighed
    unit_price_fen: Mapped[int] = mapped_column(Integer)  # per piece, or per kg
    amount_fen: Mapped[int] = mapped_column(Integer)
    received_by: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LedgerEntry(Base):
    """A household's money: credits from sales, debits from refunds, payouts. Append-only."""

    __tablename__ = "ledger_entry"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(Id, unique=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"))
    kind: Mapped[str] = mapped_column(String(8))  # credit | debit | payout
    amount_fen: Mapped[int] = mapped_column(Integer)  # signed: credit +, debit −, payout −
    sale_id: Mapped[str | None] = mapped_column(Id)
    sale_line_id: Mapped[str | None] = mapped_column(Id)
    refund_id: Mapped[str | None] = mapped_column(Id)
    payout_id: Mapped[str | None] = mapped_column(Id)
    year: Mapped[int] = mapped_column(Integer)  # local calendar year, for income targets
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Payout(Base):
    """Paying a household its balance (结算); covers every ledger entry up to ``through_seq``."""

    __tablename__ = "payout"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    statement_no: Mapped[str] = mapped_column(String(32), unique=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(8))  # cash | bank
    reference: Mapped[str] = mapped_column(String(64), default="")
    through_seq: Mapped[int] = mapped_column(Integer)
    paid_by: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    station_code: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    reservation_id: Mapped[str | None] = mapped_column(Id)  # the district's hold this payout settled


class Buyer(Base):
    """Someone who buys poverty-relief goods on purpose: a person, a unit, a canteen or a union."""

    __tablename__ = "buyer"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # person | unit | canteen | union
    institutional: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Supplier(Base):
    """Who the store buys from: a certified enterprise, a cooperative, a village collective."""

    __tablename__ = "supplier"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)  # 统一社会信用代码, check character verified
    contact: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class GoodsReceipt(Base):
    """Goods bought from a supplier (kind ``receipt``, 进货入库) or sent back to it (``return``, 退货)."""

    __tablename__ = "goods_receipt"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    doc_no: Mapped[str] = mapped_column(String(32), unique=True)  # TZ01-01-RK-000001 / TZ01-01-TH-000001
    kind: Mapped[str] = mapped_column(String(8))
    supplier_id: Mapped[str] = mapped_column(ForeignKey("supplier.id"), index=True)
    delivery_note: Mapped[str] = mapped_column(String(32), default="")
    received_by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))  # None: pos-admin receive
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    total_cost_fen: Mapped[int] = mapped_column(Integer)


class GoodsReceiptLine(Base):
    __tablename__ = "goods_receipt_line"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    receipt_id: Mapped[str] = mapped_column(ForeignKey("goods_receipt.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)  # pieces, or grams for weighed goods
    unit_cost_fen: Mapped[int] = mapped_column(Integer)  # per piece, or per kg: the cost price history
    cost_fen: Mapped[int] = mapped_column(Integer)
    batch: Mapped[str] = mapped_column(String(32), default="")
    expiry: Mapped[str | None] = mapped_column(String(10), index=True)  # ISO date


class StockAdjustment(Base):
    """Stock changed without a sale: a write-off (报损), a stocktake's difference, the opening stock."""

    __tablename__ = "stock_adjustment"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    doc_no: Mapped[str] = mapped_column(String(32), unique=True)  # TZ01-01-BS-… / -PD-… / -QC-…
    kind: Mapped[str] = mapped_column(String(12))  # writeoff | stocktake | opening
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(200), default="")
    by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    value_fen: Mapped[int] = mapped_column(Integer)  # the loss (−) or gain at cost; household goods at their price


class Stocktake(Base):
    """A count session (盘点): all active products or one category, open until booked or cancelled."""

    __tablename__ = "stocktake"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    category: Mapped[str] = mapped_column(String(32))  # "" = every product
    state: Mapped[str] = mapped_column(String(12))  # open | booked | cancelled
    started_by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StocktakeCount(Base):
    """What was counted of a product, against the books at the moment it was first counted."""

    __tablename__ = "stocktake_count"
    stocktake_id: Mapped[str] = mapped_column(ForeignKey("stocktake.id"), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), primary_key=True)
    expected: Mapped[int] = mapped_column(Integer)  # the station's on-hand when first counted
    counted: Mapped[int] = mapped_column(Integer)  # pieces, or grams
    reason: Mapped[str] = mapped_column(String(16), default="")
    first_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StocktakeDocument(Base):
    """The adjustment documents (-PD-) a booked stocktake made: one per 1,000 differing lines."""

    __tablename__ = "stocktake_document"
    stocktake_id: Mapped[str] = mapped_column(ForeignKey("stocktake.id"), primary_key=True)
    adjustment_id: Mapped[str] = mapped_column(ForeignKey("stock_adjustment.id"), primary_key=True)


class StockLevel(Base):
    """A product's on-hand at this till: the sum of its ``stock_movement`` deltas, kept by a database
    trigger in the same transaction as each movement (migration 0019), so no writer can forget it."""

    __tablename__ = "stock_level"
    product_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    on_hand: Mapped[int] = mapped_column(Integer)


class ShelfLife(Base):
    """How many days a product keeps: what a label scale prints as its best-before (kept at the till)."""

    __tablename__ = "shelf_life"
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), primary_key=True)
    days: Mapped[int] = mapped_column(Integer)


class StockMinimum(Base):
    """The low-stock threshold of a product (pieces, or grams): below it, it is on the reorder list."""

    __tablename__ = "stock_minimum"
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), primary_key=True)
    minimum: Mapped[int] = mapped_column(Integer)


class ProductCost(Base):
    """A product's moving-average cost and its last receipt's cost, per piece or per kg."""

    __tablename__ = "product_cost"
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), primary_key=True)
    average_fen: Mapped[int] = mapped_column(Integer)
    last_fen: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Subscription(Base):
    """认购: a buyer's pre-order of a household's produce."""

    __tablename__ = "subscription"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    buyer_id: Mapped[str] = mapped_column(ForeignKey("buyer.id"), index=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    produce: Mapped[str] = mapped_column(String(100))
    quantity: Mapped[str] = mapped_column(String(32), default="")
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Resident(Base):
    """An elderly resident served by home delivery. Phone and address are personal data; ``purged``
    residents keep their orders but none of their data."""

    __tablename__ = "resident"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(32))
    name_initials: Mapped[str] = mapped_column(String(32), default="")
    phones: Mapped[str] = mapped_column(String(100), default="")  # ';'-separated
    compound: Mapped[str] = mapped_column(String(64), default="")  # 小区
    building: Mapped[str] = mapped_column(String(16), default="")
    unit: Mapped[str] = mapped_column(String(16), default="")
    room: Mapped[str] = mapped_column(String(16), default="")
    notes: Mapped[str] = mapped_column(String(200), default="")  # stairs, hearing, diet
    emergency_contact: Mapped[str] = mapped_column(String(64), default="")
    family: Mapped[str] = mapped_column(String(200), default="")  # who may order for them
    preferred_tender: Mapped[str] = mapped_column(String(32), default="cash")
    consent_date: Mapped[str | None] = mapped_column(String(10))
    purged: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DeliveryOrder(Base):
    __tablename__ = "delivery_order"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    order_no: Mapped[str] = mapped_column(String(32), unique=True)
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    day: Mapped[str] = mapped_column(String(10), index=True)  # requested delivery day
    slot: Mapped[str] = mapped_column(String(16), default="")
    notes: Mapped[str] = mapped_column(String(200), default="")
    tender_code: Mapped[str] = mapped_column(String(32), default="cash")
    volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    created_by: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DeliveryLine(Base):
    __tablename__ = "delivery_line"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("delivery_order.id"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int] = mapped_column(Integer)  # pieces, or grams when weighed
    picked: Mapped[int | None] = mapped_column(Integer)  # what was found on the shelf (short-pick)


class DeliveryEvent(Base):
    """Every state change, append-only: who, when, and why (cancellations)."""

    __tablename__ = "delivery_event"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("delivery_order.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    by_user: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    approver_id: Mapped[str | None] = mapped_column(Id)
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """Append-only and hash-chained: each entry's hash covers its fields and the previous hash."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(Id, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    terminal_id: Mapped[str] = mapped_column(Id)
    user_id: Mapped[str | None] = mapped_column(Id)
    approver_id: Mapped[str | None] = mapped_column(Id)
    action: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str] = mapped_column(String(100), default="")
    detail_json: Mapped[str] = mapped_column(Text, default="{}")  # before/after and context
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Outbox(Base):
    """Facts waiting to reach the district server; written in the same transaction as the fact."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(Id, unique=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(Id)
    payload_json: Mapped[str] = mapped_column(Text)
    payload_hash: Mapped[str] = mapped_column(String(64))
    schema_ver: Mapped[int] = mapped_column(Integer)
    # pending | acked | rejected (the server could not take it) | mismatch (it holds another version)
    # Acknowledged rows go after outbox_keep_days (SyncService.prune_acknowledged).
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SyncCursor(Base):
    """How far each reference stream from the district has been applied (advanced with its page)."""

    __tablename__ = "sync_cursor"
    stream: Mapped[str] = mapped_column(String(32), primary_key=True)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DistrictStock(Base):
    """The station's stock of a product as the district last told this till: every till's moves
    (``station``) and this till's share of them (``own``). Shown: station − own + this till's moves."""

    __tablename__ = "district_stock"
    product_id: Mapped[str] = mapped_column(Id, primary_key=True)
    station: Mapped[int] = mapped_column(Integer)
    own: Mapped[int] = mapped_column(Integer)


class DistrictRefund(Base):
    """A refund made at any till of the station, as the district accepted it (the station_refunds
    stream): a sale is refunded against every till's refunds of it, not only this till's."""

    __tablename__ = "district_refund"
    id: Mapped[str] = mapped_column(Id, primary_key=True)
    sale_id: Mapped[str] = mapped_column(Id, index=True)
    fact_json: Mapped[str] = mapped_column(Text)


class DistrictBalance(Base):
    """A household's balance as the district last told this till (less settlements reserved), and
    this till's share of it. Shown: balance − own + this till's ledger."""

    __tablename__ = "district_balance"
    household_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    balance_fen: Mapped[int] = mapped_column(Integer)
    own_fen: Mapped[int] = mapped_column(Integer)


class SettlementAttempt(Base):
    """A settlement asked of the district and not yet paid here: written before asking, so a till
    killed between the district's hold and the payout asks again with the same id, not a new one."""

    __tablename__ = "settlement_attempt"
    id: Mapped[str] = mapped_column(Id, primary_key=True)  # the reservation's id at the district
    household_id: Mapped[str] = mapped_column(ForeignKey("household.id"), index=True)
    state: Mapped[str] = mapped_column(String(8))  # open | paid | dropped
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


Index("ix_outbox_status_seq", Outbox.status, Outbox.seq)
Index("ix_ledger_household_seq", LedgerEntry.household_id, LedgerEntry.seq)
Index("ix_stock_product_at", StockMovement.product_id, StockMovement.at)
