"""The station ⇄ district wire contract: the one module both sides import for requests and replies.

Facts go up (``POST /v1/push``), reference data comes down (``GET /v1/pull``). A fact travels as
the exact JSON text the station wrote into its outbox plus that text's SHA-256, so the server can
tell a resend (same id, same hash) from a changed fact (same id, other hash) and from a payload
damaged on the way (hash does not match the text).

(docs/architecture.md, "Sync protocol")
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pos_app.contract.facts import FACT_TYPES
from pos_app.domain.money import MAX_FEN

PROTOCOL_VERSION = 1
SUPPORTED_VERSIONS = (1,)
MAX_OPS = 500  # ops in one push
CLOCK_SKEW_WARNING_S = 300  # a till five minutes off the district server's clock: both sides say so
MAX_PAYLOAD_CHARS = 256 * 1024  # one fact's JSON text
MAX_BODY_BYTES = 16 * 1024 * 1024  # one request
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 1000

ENTITY_TYPES = FACT_TYPES  # what a push may carry: the facts of the contract
# station_products after households: a consigned product names its household.
STREAMS = (
    "catalog",
    "certificates",
    "categories",
    "households",
    "station_products",
    "station_refunds",
    "tenders",
    "settings",
)
# District-wide settings a server may hand down (the rest are each station's own).
DISTRICT_SETTINGS = ("income_targets", "rounding", "discount_limit_fen", "scale_layouts")

Uuid = Annotated[str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


def payload_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorBody(_Model):
    """Every refusal: a stable machine code and a message for people, in English and Chinese."""

    code: str
    message: str
    message_zh: str


class Meta(_Model):
    protocol_versions: list[int]
    server_epoch: str
    server_time: datetime
    streams: list[str]
    message: str = ""
    should_continue: bool = True


class EnrollRequest(_Model):
    code: Annotated[str, Field(min_length=6, max_length=64)]
    station_code: Annotated[str, Field(min_length=1, max_length=16)]
    terminal: Annotated[int, Field(ge=1, le=99)]


class EnrollResponse(_Model):
    token: str
    station_code: str
    station_name: str
    terminal: int
    server_epoch: str


class Op(_Model):
    seq: Annotated[int, Field(ge=1, le=2**62)]  # the station's outbox sequence (contiguous per terminal)
    entity_type: Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")]
    entity_id: Uuid
    payload_json: Annotated[str, Field(max_length=MAX_PAYLOAD_CHARS)]
    payload_hash: Sha256
    schema_ver: Annotated[int, Field(ge=1, le=1000)]


class PushRequest(_Model):
    batch_id: Uuid
    ops: Annotated[list[Op], Field(min_length=1, max_length=MAX_OPS)]


OpStatus = Literal["applied", "duplicate", "mismatch", "rejected", "held"]  # held: kept, judged when its sale arrives


class OpResult(_Model):
    seq: int
    entity_id: str
    status: OpStatus
    code: str | None = None
    message: str | None = None


class PushResponse(_Model):
    results: list[OpResult]
    high_water: int  # every op up to this outbox sequence is safe on the server
    server_epoch: str


class PullRow(_Model):
    version: int
    id: str
    deleted: bool = False
    data: dict[str, Any]


class PullPage(_Model):
    stream: str
    server_epoch: str
    rows: list[PullRow]
    next_cursor: int
    has_more: bool


# -- reference rows as they travel down; the station validates each before applying a page ----------


class CatalogRow(_Model):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    unit_label: Annotated[str, Field(min_length=1, max_length=8)]
    price_fen: Annotated[int, Field(ge=0, le=10**10)]  # per unit_label, as the import gave it
    codes: list[Annotated[str, Field(max_length=48)]] = []
    category: Annotated[str, Field(max_length=32)] = ""
    plu: Annotated[int | None, Field(ge=1, le=999_999)] = None
    active: bool = True
    pinyin_initials: Annotated[str, Field(max_length=100)] = ""  # computed once by the server
    pinyin_full: Annotated[str, Field(max_length=400)] = ""


class StationProductRow(_Model):
    """A product one of the station's tills created or changed, as the district registered it.
    ``price_fen`` per piece, or per kg for weighed goods (the till's own unit)."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    unit_label: Annotated[str, Field(min_length=1, max_length=8)]
    sold_by_weight: bool
    price_fen: Annotated[int, Field(ge=0, le=MAX_FEN)]
    codes: list[Annotated[str, Field(max_length=48)]] = []
    category: Annotated[str, Field(max_length=32)] = ""
    plu: Annotated[int | None, Field(ge=1, le=999_999)] = None
    active: bool = True
    household_code: Annotated[str | None, Field(max_length=32)] = None
    at: datetime


class StationRefundRow(_Model):
    """A refund one of the station's tills made, as the district accepted it: every till refunds a
    sale against all the station's refunds of it, not only its own."""

    sale_id: Uuid
    fact_json: Annotated[str, Field(max_length=MAX_PAYLOAD_CHARS)]  # the refund fact as its till sent it


class CertificateRow(_Model):
    cert_no: Annotated[str, Field(min_length=1, max_length=64)]
    product_name: Annotated[str, Field(max_length=100)]
    supplier_name: Annotated[str, Field(max_length=100)]
    supplier_credit_code: Annotated[str, Field(max_length=18)]
    origin: Annotated[str, Field(max_length=100)] = ""
    category: Annotated[str, Field(max_length=32)] = ""
    channel: Annotated[str, Field(max_length=8)] = ""
    valid_from: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    valid_to: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    households_driven: Annotated[int, Field(ge=0)] = 0
    barcodes: list[Annotated[str, Field(max_length=48)]] = []
    regime: Annotated[str, Field(pattern=r"^(|fupin2020|xfbf2024)$")] = ""  # certification.REGIMES
    issuer: Annotated[str, Field(max_length=100)] = ""
    batch: Annotated[str, Field(max_length=32)] = ""


class CategoryRow(_Model):
    code: Annotated[str, Field(min_length=1, max_length=32)]
    name: Annotated[str, Field(min_length=1, max_length=32)]
    sort_order: int = 0
    active: bool = True


class HouseholdRow(_Model):
    code: Annotated[str, Field(min_length=1, max_length=32)]
    head_name: Annotated[str, Field(min_length=1, max_length=32)]
    village: Annotated[str, Field(min_length=1, max_length=64)]
    phone: Annotated[str, Field(max_length=20)] = ""
    category_code: Annotated[str, Field(max_length=32)]
    settlement_method: Literal["cash", "bank"] = "cash"
    id_number_last4: Annotated[str, Field(max_length=4)] = ""  # never the number itself
    bank_account_last4: Annotated[str, Field(max_length=4)] = ""
    home_station_code: Annotated[str, Field(max_length=16)] = ""
    consent_date: Annotated[str | None, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None
    active: bool = True


class TenderRow(_Model):
    code: Annotated[str, Field(min_length=1, max_length=32)]
    name: Annotated[str, Field(min_length=1, max_length=32)]
    kind: Annotated[str, Field(max_length=16)]
    sort_order: int = 0
    active: bool = True


class CatalogPullRow(_Model):
    version: int
    id: str
    deleted: bool = False
    data: CatalogRow


class CatalogPage(_Model):
    """A catalog page parsed straight into typed rows (one pass over 1,000 products, not two)."""

    stream: Literal["catalog"]
    server_epoch: str
    rows: list[CatalogPullRow]
    next_cursor: int
    has_more: bool


class SettingRow(_Model):
    key: Literal["income_targets", "rounding", "discount_limit_fen", "scale_layouts"]
    value: Any


# -- district figures (GET /v1/reports/...) ------------------------------------------------------------


class _Figures(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StationFigures(_Figures):
    code: str
    name: str
    sales_count: int
    sales_fen: int
    refunds_fen: int
    net_fen: int
    certified_fen: int
    credited_fen: int  # to households, net of refunds
    households_helped: int
    late_sales: int


class HouseholdFigures(_Figures):
    code: str
    head_name: str
    village: str
    credited_fen: int  # in the span
    year_income_fen: int  # in the target year
    target_fen: int
    percent: int
    paid_out_fen: int


class BuyerFigures(_Figures):
    name: str
    total_fen: int
    poverty_fen: int
    percent: int
    meets_policy: bool


class StationStock(_Figures):
    """A station's stock as the district's books have it (every till's moves, as received)."""

    code: str
    name: str
    products_in_stock: int
    negative: int  # products with less than nothing: sold beyond what was received or counted
    consigned_in_stock: int  # of which households' consigned goods


class CertifiedSales(_Figures):
    """Certified goods sold across the district under one certificate and name, in the span (before
    refunds). Each station's certified total is in its ``StationFigures``."""

    cert_no: str
    product_name: str
    supplier_name: str
    qty: int  # pieces, of what sold by the piece
    weight_g: int  # grams, of what sold by weight
    sales_fen: int


class SupplierSales(_Figures):
    """The certified goods of one supplier (as the certificates name it), in the span."""

    supplier_name: str
    certificates: int
    sales_fen: int


class VarietyWeek(_Figures):
    """What sold of one poverty-relief variety (a certified product or a household's goods, by the
    name it sold under) in one week, Monday to Sunday: the growers' demand."""

    week: date  # its Monday
    variety: str
    households: bool  # a household's consigned goods (else a certified product)
    qty: int
    weight_g: int
    sales_fen: int


class DistrictFigures(_Figures):
    date_from: date | None
    date_to: date | None
    target_year: int
    generated_at: datetime
    stations: list[StationFigures]
    total: StationFigures
    households: list[HouseholdFigures]
    buyers: list[BuyerFigures]
    stock: list[StationStock] = []
    certified: list[CertifiedSales] = []
    suppliers: list[SupplierSales] = []
    demand_weeks: list[date] = []  # the Mondays of the weeks the growers' demand covers, to the span's end
    demand: list[VarietyWeek] = []


class TerminalGaps(_Figures):
    station_code: str
    terminal: int
    received: int
    highest: int
    missing: list[int]  # receipt sequence numbers not received (the first 1,000)


class AuditBreak(_Figures):
    """A terminal's audit entry whose previous hash is not the entry the district received before it."""

    station_code: str
    terminal: int
    n: int  # its place in the terminal's chain as received
    entity_id: str
    at: datetime
    expected_prev: str
    got_prev: str


class AuditTip(_Model):
    """Where a terminal's audit chain stands at the district: entries received and the newest hash."""

    entries: int
    hash: str


class PayoutRequest(_Model):
    """A district admin pays a household the district settles: its whole balance unless an amount."""

    household_code: Annotated[str, Field(min_length=1, max_length=32)]
    method: Literal["cash", "bank"]
    reference: Annotated[str, Field(max_length=64)] = ""
    amount_fen: Annotated[int | None, Field(ge=1, le=MAX_FEN)] = None


class PayoutReceipt(_Figures):
    statement_no: str
    household_code: str
    head_name: str
    amount_fen: int
    balance_after_fen: int
    method: str
    reference: str
    at: datetime


# -- one station, several tills (docs/architecture.md, "Several tills, one station") ----------------------


class StockFigure(_Model):
    product_id: str
    station: int  # the station's stock at the district: every till's intake, sales and refunds
    own: int  # this till's share of it (what this till's acknowledged facts moved)


class BalanceFigure(_Model):
    household_code: str
    balance_fen: int  # what the district owes the household, less settlements reserved
    own_fen: int  # this till's share of it (its acknowledged entries, less its open reservations)


class StationState(_Model):
    """What the district knows of the caller's station: a till shows ``station − own`` plus its own
    moves, so a fact counts once whether or not the district has acknowledged it yet."""

    as_of: datetime
    stock: list[StockFigure]
    balances: list[BalanceFigure]


class ReserveRequest(_Model):
    """Hold a household's balance for one settlement. The id is the till's, chosen before it asks:
    asking again with it (after a crash, a lost reply) returns the same hold, never a second one."""

    id: Uuid
    household_code: Annotated[str, Field(min_length=1, max_length=32)]


class StatementLine(_Model):
    """A ledger entry as a statement prints it, whichever till of whichever station booked it."""

    entry_id: str
    kind: Literal["credit", "debit", "payout"]
    amount_fen: int
    at: datetime
    document: str  # receipt, refund or statement number
    product: str = ""
    quantity: str = ""
    station_code: str = ""


class Reservation(_Model):
    id: str
    household_code: str
    amount_fen: int
    state: Literal["reserved", "paid", "released"]
    reserved_at: datetime
    terminal: str  # who holds it: TZ01-02
    lines: list[StatementLine]  # the entries this settlement pays (not on an earlier statement)
    carried_fen: int = 0  # what the amount holds beyond those lines (an earlier partial payout)


class HouseholdLedgerPage(_Model):
    household_code: str
    year: int
    balance_fen: int  # the district's balance, less settlements reserved
    lines: list[StatementLine]


class RemoteSale(_Model):
    """A sale of another till of the station, for a refund here: the facts as the district holds them."""

    sale_json: str  # the sale fact's payload as its till sent it
    refunds_json: list[str]  # every refund of it the district has received


class QuarantinedFact(_Figures):
    station_code: str
    terminal: int
    entity_type: str
    entity_id: str
    received_at: datetime


STREAM_ROWS: dict[str, type[_Model]] = {
    "catalog": CatalogRow,
    "certificates": CertificateRow,
    "categories": CategoryRow,
    "households": HouseholdRow,
    "station_products": StationProductRow,
    "station_refunds": StationRefundRow,
    "tenders": TenderRow,
    "settings": SettingRow,
}
