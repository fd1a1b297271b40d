"""Every fact a station sends the district, as one typed definition both sides use.

The station builds its outbox payload from these models (``to_payload``); the server parses the
exact text it receives into them (``parse_fact``), so there is no hand parsing of payload fields on
either side. Facts already queued under schema 1 (before sale lines named their household) are read
by the same models: the fields added since have defaults.

Everything is bounded: text is free of NUL and lone surrogates, times are aware and between 2000 and
2199, integers are within the till's money range, nesting is limited by the JSON parser, so a damaged
or hostile payload is refused as one fact, never as a server error.

(docs/architecture.md, "Facts: one contract")
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from pos_app.domain.money import MAX_FEN
from pos_app.domain.money_rules import LineFigures, SaleFigures, TenderFigures, check_credits, check_sale

SCHEMA_VERSION = 3  # 2: sale lines carry household_code; 3: a shift carries the till's Z totals
SCHEMA_VERSIONS = (1, 2, 3)  # what the district reads
MAX_QUANTITY = 10**9  # pieces or grams on one line
FACT_TYPES = (
    "sale",
    "refund",
    "shift",
    "consignment",
    "payout",
    "audit",
    "delivery",
    "product",
    "goods_receipt",
    "stock_adjustment",
)


def _clean(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text holds a lone surrogate") from exc
    return value


def _in_range(value: datetime) -> datetime:
    if not 2000 <= value.year <= 2199:
        raise ValueError("a time outside 2000–2199")
    return value.astimezone(UTC)


def text_problem(text: str) -> str | None:
    """Why a fact's raw text cannot be stored as text at all (NUL, lone surrogates), else None."""
    try:
        _clean(text)
    except ValueError as exc:
        return str(exc)
    return None


Id = Annotated[str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
Time = Annotated[AwareDatetime, AfterValidator(_in_range)]
Day = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Fen = Annotated[int, Field(ge=0, le=MAX_FEN)]
SignedFen = Annotated[int, Field(ge=-MAX_FEN, le=MAX_FEN)]
Quantity = Annotated[int, Field(ge=0, le=MAX_QUANTITY)]
Delta = Annotated[int, Field(ge=-MAX_QUANTITY, le=MAX_QUANTITY)]
Seq = Annotated[int, Field(ge=0, le=2**53)]
Year = Annotated[int, Field(ge=2000, le=2199)]


Text8 = Annotated[str, Field(max_length=8), AfterValidator(_clean)]
Text16 = Annotated[str, Field(max_length=16), AfterValidator(_clean)]
Text32 = Annotated[str, Field(max_length=32), AfterValidator(_clean)]
Text48 = Annotated[str, Field(max_length=48), AfterValidator(_clean)]
Text64 = Annotated[str, Field(max_length=64), AfterValidator(_clean)]
Text100 = Annotated[str, Field(max_length=100), AfterValidator(_clean)]
Text200 = Annotated[str, Field(max_length=200), AfterValidator(_clean)]
Text8000 = Annotated[str, Field(max_length=8000), AfterValidator(_clean)]


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# -- rows that several facts carry ---------------------------------------------------------------------


class StockRow(_Fact):
    id: Id
    product_id: Id
    delta: Delta
    reason: Text16
    ref_id: Id | None = None
    at: Time


class LedgerRow(_Fact):
    """A household ledger entry of a sale (credit) or a refund (debit, negative)."""

    id: Id
    household_id: Id | None = None  # the station's own id; the district goes by the code
    household_code: Text32 | None = None
    kind: Literal["credit", "debit"]
    amount_fen: SignedFen
    sale_id: Id | None = None
    sale_line_id: Id | None = None
    refund_id: Id | None = None
    year: Year
    at: Time


# -- a sale ------------------------------------------------------------------------------------------


class SaleHead(_Fact):
    id: Id
    receipt_no: Text32
    terminal_id: Id
    doc_seq: Annotated[int, Field(ge=1, le=999_999)]
    shift_id: Id | None
    cashier_id: Id
    started_at: Time
    completed_at: Time
    item_count: Quantity
    subtotal_fen: Fen
    discount_fen: SignedFen
    rounding_fen: SignedFen
    total_fen: Fen
    change_fen: Fen
    buyer_id: Id | None = None
    delivery_order_id: Id | None = None


class SaleLineRow(_Fact):
    id: Id
    sale_id: Id
    line_no: Annotated[int, Field(ge=1, le=10_000)]
    product_id: Id
    code: Text48
    name: Text100
    unit_label: Text8
    category: Text32 = ""
    sold_by_weight: bool
    qty: Quantity
    weight_g: Quantity | None = None
    unit_price_fen: Fen
    gross_fen: Fen
    discount_fen: SignedFen
    rounding_fen: SignedFen
    net_fen: Fen
    voided: bool
    void_approved_by: Id | None = None
    certified: bool
    certificate_no: Text64 | None = None
    household_id: Id | None = None
    household_code: Text32 | None = None  # schema 2: the household whose goods these are
    pass_through: bool

    @property
    def quantity(self) -> int:
        """What refunds count: grams when weighed, else pieces."""
        return self.weight_g if self.sold_by_weight and self.weight_g is not None else self.qty


class SalePayment(_Fact):
    id: Id
    sale_id: Id
    tender_code: Text32
    amount_fen: Fen
    tendered_fen: Fen
    change_fen: Fen
    masked_code: Text32 | None = None
    reference: Text64 | None = None


class Buyer(_Fact):
    name: Text100
    kind: Text16 = ""
    institutional: bool = False


class SaleFact(_Fact):
    sale: SaleHead
    lines: Annotated[list[SaleLineRow], Field(min_length=1, max_length=500)]
    payments: Annotated[list[SalePayment], Field(max_length=50)]
    stock: Annotated[list[StockRow], Field(max_length=500)] = []
    ledger: Annotated[list[LedgerRow], Field(max_length=500)] = []
    buyer: Buyer | None = None


# -- a refund --------------------------------------------------------------------------------------------


class RefundHead(_Fact):
    id: Id
    receipt_no: Text32
    sale_id: Id
    terminal_id: Id
    doc_seq: Annotated[int, Field(ge=1, le=999_999)]
    shift_id: Id | None
    cashier_id: Id
    approved_by: Id
    reason: Text200
    created_at: Time
    total_fen: Fen


class RefundLineRow(_Fact):
    id: Id
    refund_id: Id
    sale_line_id: Id
    quantity: Annotated[int, Field(ge=1, le=MAX_QUANTITY)]
    amount_fen: Fen


class RefundPaymentRow(_Fact):
    id: Id
    refund_id: Id
    tender_code: Text32
    amount_fen: Fen


class RefundFact(_Fact):
    refund: RefundHead
    lines: Annotated[list[RefundLineRow], Field(min_length=1, max_length=500)]
    payments: Annotated[list[RefundPaymentRow], Field(max_length=50)] = []
    stock: Annotated[list[StockRow], Field(max_length=500)] = []
    ledger: Annotated[list[LedgerRow], Field(max_length=500)] = []


# -- the rest ----------------------------------------------------------------------------------------------


class PayoutFact(_Fact):
    id: Id
    statement_no: Text32
    household_id: Id | None = None
    household_code: Text32
    amount_fen: SignedFen  # a payout of zero or less is refused by the rules, not by the parser
    method: Literal["cash", "bank"]
    reference: Text64 = ""
    through_seq: Seq | None = None
    paid_by: Id | None = None
    station_code: Text16
    at: Time
    reservation_id: Id | None = None  # the district's hold on the balance this payout pays


class ProductFact(_Fact):
    """A product as a till created or changed it (an intake of a household's goods, a station's own
    product, a price): the district registers it for the station's other tills under the same id.
    ``price_fen`` is per piece, or per kg for weighed goods, as the till keeps it. ``id`` names
    this change (each change is its own fact); ``product_id`` the product."""

    id: Id
    product_id: Id
    name: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_clean)]
    unit_label: Annotated[str, Field(min_length=1, max_length=8), AfterValidator(_clean)]
    sold_by_weight: bool
    price_fen: Fen
    codes: Annotated[list[Text48], Field(max_length=20)] = []
    category: Text32 = ""
    plu: Annotated[int | None, Field(ge=1, le=999_999)] = None
    active: bool = True
    household_code: Text32 | None = None  # a household's consigned goods (pass-through)
    at: Time


class ConsignmentFact(_Fact):
    id: Id
    slip_no: Text32
    household_id: Id | None = None
    household_code: Text32
    product_id: Id
    quantity: Annotated[int, Field(ge=1, le=MAX_QUANTITY)]
    unit_price_fen: Fen
    amount_fen: Fen
    received_by: Id
    created_at: Time


class GoodsReceiptLine(_Fact):
    id: Id
    line_no: Annotated[int, Field(ge=1, le=10_000)]
    product_id: Id
    sold_by_weight: bool
    quantity: Annotated[int, Field(ge=1, le=MAX_QUANTITY)]  # pieces, or grams for weighed goods
    unit_cost_fen: Fen  # per piece, or per kg
    cost_fen: Fen
    batch: Text32 = ""
    expiry: Day | None = None


class GoodsReceiptFact(_Fact):
    """Goods bought from a supplier (进货入库), or sent back to it (退货): stock in or out, at cost."""

    id: Id
    doc_no: Text32
    kind: Literal["receipt", "return"]
    supplier_code: Text32
    supplier_name: Text100
    supplier_credit_code: Text32
    delivery_note: Text32 = ""
    received_by: Id | None  # None: received from a file by pos-admin
    at: Time
    total_cost_fen: Fen
    lines: Annotated[list[GoodsReceiptLine], Field(min_length=1, max_length=1000)]
    stock: Annotated[list[StockRow], Field(min_length=1, max_length=1000)]


class AdjustmentLine(_Fact):
    id: Id
    product_id: Id
    delta: Annotated[int, Field(ge=-MAX_QUANTITY, le=MAX_QUANTITY)]  # pieces, or grams
    household_code: Text32 | None = None  # a household's consigned goods: the store bears the loss
    value_fen: SignedFen  # at the moving-average cost, or at the household's price for its goods
    reason: Text32 | None = None  # a stocktake line's reason for the difference


class StockAdjustmentFact(_Fact):
    """Stock changed without a sale: a write-off (报损), a stocktake's booked difference (盘点), the
    opening stock of a new station. A household's ledger is never touched by it."""

    id: Id
    doc_no: Text32
    kind: Literal["writeoff", "stocktake", "opening"]
    reason: Text32
    note: Text200 = ""
    by: Id | None
    approved_by: Id | None
    at: Time
    lines: Annotated[list[AdjustmentLine], Field(min_length=1, max_length=1000)]
    stock: Annotated[list[StockRow], Field(min_length=1, max_length=1000)]


class ShiftHead(_Fact):
    id: Id
    terminal_id: Id
    opened_by: Id
    opened_at: Time
    float_fen: Fen
    closed_by: Id
    closed_at: Time


class ShiftCount(_Fact):
    tender_code: Text32
    expected_fen: SignedFen
    counted_fen: Fen | None


class ShiftTenderTotal(_Fact):
    tender_code: Text32
    sales_fen: Fen
    refunds_fen: Fen


class ShiftTotals(_Fact):
    """The till's own Z totals of a shift: what the district's received sales and refunds of the
    shift must add up to, to the fen (a second proof beside the receipt sequence). The shift's
    receipts are the terminal's documents ``first_doc_seq`` to ``last_doc_seq`` (none: both None)."""

    sales_count: Annotated[int, Field(ge=0, le=999_999)]
    sales_fen: Fen
    refunds_count: Annotated[int, Field(ge=0, le=999_999)]
    refunds_fen: Fen
    credited_fen: SignedFen  # households' credits on its sales less the debits of its refunds
    tenders: Annotated[list[ShiftTenderTotal], Field(max_length=50)] = []
    first_doc_seq: Annotated[int, Field(ge=1, le=999_999)] | None = None
    last_doc_seq: Annotated[int, Field(ge=1, le=999_999)] | None = None


class ShiftFact(_Fact):
    shift: ShiftHead
    counts: Annotated[list[ShiftCount], Field(max_length=50)] = []
    totals: ShiftTotals | None = None  # schema 3 on; an older till's shift has none


class DeliveryFact(_Fact):
    id: Id
    order_id: Id
    order_no: Text32
    day: Day
    from_state: Text16 | None = None
    to_state: Text16
    rank: Annotated[int, Field(ge=0, le=100)]
    by_user: Id | None = None
    approver_id: Id | None = None
    reason: Text200 = ""
    at: Time


class AuditFact(_Fact):
    id: Id
    at: Time
    terminal_id: Id
    user_id: Id | None = None
    approver_id: Id | None = None
    action: Text32
    target: Text100 = ""
    detail_json: Text8000 = "{}"
    prev_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


FACT_MODELS: dict[str, type[_Fact]] = {
    "sale": SaleFact,
    "refund": RefundFact,
    "shift": ShiftFact,
    "consignment": ConsignmentFact,
    "payout": PayoutFact,
    "audit": AuditFact,
    "delivery": DeliveryFact,
    "product": ProductFact,
    "goods_receipt": GoodsReceiptFact,
    "stock_adjustment": StockAdjustmentFact,
}
AnyFact = (
    SaleFact
    | RefundFact
    | ShiftFact
    | ConsignmentFact
    | PayoutFact
    | AuditFact
    | DeliveryFact
    | ProductFact
    | GoodsReceiptFact
    | StockAdjustmentFact
)


class FactRefused(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_fact(entity_type: str, schema_ver: int, text: str) -> AnyFact:
    """The fact in ``text``, typed; ``FactRefused`` (with a stable code) when it cannot be read."""
    model = FACT_MODELS.get(entity_type)
    if model is None:
        raise FactRefused("unknown_entity_type", f"unknown fact type {entity_type!r}")
    if schema_ver not in SCHEMA_VERSIONS:
        raise FactRefused("unsupported_schema", f"schema version {schema_ver} is not one this server reads")
    try:
        fact = model.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "payload"
        raise FactRefused("invalid_payload", f"the {entity_type} is not readable at {where}: {first['msg']}") from exc
    return fact  # type: ignore[return-value]


def to_payload(fact: _Fact) -> dict[str, Any]:
    """The JSON-ready payload the station writes into its outbox."""
    return fact.model_dump(mode="json")


# -- the facts as the money rules see them (both sides build the figures the same way) ------------------


def line_household(
    line: SaleLineRow,
    fact: SaleFact,
    by_id: dict[str, str] | None = None,
    by_product: dict[str, str] | None = None,
) -> str | None:
    """The household whose goods a line sold. The district's own consignment book comes first
    (``by_product``: product id → household code); then the line's own code (schema 2); for schema 1,
    the code its credit names, else the station's household id looked up in ``by_id``."""
    if not line.pass_through:
        return None
    if by_product and line.product_id in by_product:
        return str(by_product[line.product_id])
    if line.household_code:
        return line.household_code
    for r in fact.ledger:
        if r.sale_line_id == line.id and r.household_code:
            return r.household_code
    if line.household_id and by_id and line.household_id in by_id:
        return str(by_id[line.household_id])
    return None


def sale_figures(
    fact: SaleFact, by_id: dict[str, str] | None = None, by_product: dict[str, str] | None = None
) -> SaleFigures:
    s = fact.sale
    return SaleFigures(
        subtotal_fen=s.subtotal_fen,
        discount_fen=s.discount_fen,
        rounding_fen=s.rounding_fen,
        total_fen=s.total_fen,
        change_fen=s.change_fen,
        lines=[
            LineFigures(
                line_id=li.id,
                gross_fen=li.gross_fen,
                discount_fen=li.discount_fen,
                rounding_fen=li.rounding_fen,
                net_fen=li.net_fen,
                quantity=li.quantity,
                voided=li.voided,
                pass_through=li.pass_through,
                household=line_household(li, fact, by_id, by_product),
            )
            for li in fact.lines
        ],
        tenders=[TenderFigures(p.amount_fen, p.tendered_fen, p.change_fen) for p in fact.payments],
    )


def stated_credits(fact: SaleFact) -> list[tuple[str | None, str, int]]:
    """The credits a sale fact states, as (sale line id, household code, amount)."""
    out = []
    for r in fact.ledger:
        if r.kind != "credit":
            raise FactRefused("inconsistent_payload", "a sale may only credit households")
        out.append((r.sale_line_id, r.household_code or "", r.amount_fen))
    return out


def judge_sale(
    fact: SaleFact, by_id: dict[str, str] | None = None, by_product: dict[str, str] | None = None
) -> SaleFigures:
    """Raise ``RuleBroken`` unless the sale adds up and credits exactly what the rule owes each
    household, line by line. The station calls this before it commits, the district when it judges."""
    figures = sale_figures(fact, by_id, by_product)
    check_sale(figures)
    check_credits(figures.lines, stated_credits(fact))
    return figures
