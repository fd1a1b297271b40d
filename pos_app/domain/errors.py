"""The PosError tree. Every error carries a stable code; the UI maps codes to translated text.

``message`` is English with the details filled in; ``message_zh`` is the Chinese text used by the
command line and as a fallback by the UI.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol


class PosError(Exception):
    """Base of every error the product raises on purpose."""

    code = "error"
    template = "Error"
    template_zh = "错误"

    def __init__(self, message: str | None = None, /, **details: Any) -> None:
        if "what" in details:
            details.setdefault("what_zh", details["what"])  # a Chinese detail, where the raiser gave one
        self.details = details
        self.message = message or self.template.format(**details)
        self.message_zh = self.template_zh.format(**details) if message is None else message
        super().__init__(self.message)


class InvalidInput(PosError):
    code = "invalid_input"
    template = "Invalid input: {what}"
    template_zh = "输入无效：{what_zh}"


class InvalidMoney(InvalidInput):
    code = "invalid_money"
    template = "Not a valid amount: {text!r}"
    template_zh = "金额无效：{text}"


class InvalidQuantity(InvalidInput):
    code = "invalid_quantity"
    template = "Not a valid quantity: {text!r}"
    template_zh = "数量无效：{text}"


class InvalidCount(InvalidQuantity):
    """A piece count typed at the till: a whole number from 1 to 9999."""

    template = "Not a valid quantity: {text!r} (whole pieces, 1 to 9999)"
    template_zh = "数量无效：{text}（须为 1–9999 的整数件）"


class InvalidBarcode(InvalidInput):
    code = "invalid_barcode"
    template = "Not a valid barcode: {code!r} ({reason})"
    template_zh = "条码无效：{code}（{reason_zh}）"


class UnknownCode(PosError):
    code = "unknown_code"
    template = "No product with code {code!r}"
    template_zh = "未找到商品：{code}"


class ProductInactive(PosError):
    code = "product_inactive"
    template = "Product {name} is not on sale"
    template_zh = "商品已停售：{name}"


class CartError(PosError):
    code = "cart_error"
    template = "Cart error: {what}"
    template_zh = "购物车错误：{what_zh}"


class EmptyCart(CartError):
    code = "empty_cart"
    template = "The sale has no lines"
    template_zh = "当前销售没有商品"


class WeightRequired(CartError):
    code = "weight_required"
    template = "{name} is sold by weight: enter the weight"
    template_zh = "{name} 按重量销售，请输入重量"

    def __init__(self, *, product_id: str, name: str, unit_label: str = "kg") -> None:
        super().__init__(product_id=product_id, name=name)
        self.product_id = product_id  # the screen asks for this product's weight
        self.name = name
        self.unit_label = unit_label  # in the unit it is priced by


class NoSuchLine(CartError):
    code = "no_such_line"
    template = "No line {line_no} in the sale"
    template_zh = "没有第 {line_no} 行"


class PaymentError(PosError):
    code = "payment_error"
    template = "Payment error: {what}"
    template_zh = "付款错误：{what_zh}"


class AmountStillDue(PaymentError):
    code = "amount_due"
    template = "{due} is still due"
    template_zh = "还需支付 {due}"


class NonCashOverpay(PaymentError):
    code = "non_cash_overpay"
    template = "{tender} cannot exceed the {due} still due"
    template_zh = "{tender} 不能超过应付余额 {due}"


class UnknownTender(PaymentError):
    code = "unknown_tender"
    template = "Unknown tender {tender!r}"
    template_zh = "未知的支付方式：{tender}"


class RefundError(PosError):
    code = "refund_error"
    template = "Refund error: {what}"
    template_zh = "退货错误：{what_zh}"


class RefundExceedsSold(RefundError):
    code = "refund_exceeds_sold"
    template = "Line {line_no}: cannot refund {asked}, only {left} left to refund"
    template_zh = "第 {line_no} 行：最多还能退 {left}，不能退 {asked}"


class NotFound(PosError):
    code = "not_found"
    template = "{what} not found: {key}"
    template_zh = "未找到{what_zh}：{key}"


class ShiftError(PosError):
    code = "shift_error"
    template = "Shift error: {what}"
    template_zh = "班次错误：{what_zh}"


class NoOpenShift(ShiftError):
    code = "no_open_shift"
    template = "No shift is open on this terminal"
    template_zh = "本终端没有已开的班次"


class ShiftAlreadyOpen(ShiftError):
    code = "shift_already_open"
    template = "A shift is already open on this terminal"
    template_zh = "本终端已有开着的班次"


class AuthError(PosError):
    code = "auth_error"
    template = "Wrong user or PIN"
    template_zh = "用户名或 PIN 错误"


class NotPermitted(AuthError):
    code = "not_permitted"
    template = "{name} may not {action}"
    template_zh = "{name} 无权{action_zh}"


class BadRow(Protocol):
    """One refused row of an imported file: its line number, and ``str()`` says what is wrong."""

    @property
    def line(self) -> int: ...


class ImportFailed(PosError):
    code = "import_failed"
    template = "{count} bad row(s); nothing imported"
    template_zh = "有 {count} 行错误，未导入任何数据"

    def __init__(self, *, errors: Sequence[BadRow]) -> None:
        super().__init__(count=len(errors))
        self.errors = tuple(errors)  # every bad row, in file order


class StationNotInitialised(PosError):
    code = "station_not_initialised"
    template = "No station in {path}; run `pos-admin init` first"
    template_zh = "{path} 中没有门店数据，请先运行 pos-admin init"


class StorageError(PosError):
    """The environment failed us (disk full, read-only file, locked or corrupt database)."""

    code = "storage_error"
    template = "The station database could not be written: {reason}"
    template_zh = "无法写入门店数据库：{reason}"


class DiskFull(StorageError):
    code = "disk_full"
    template = (
        "The disk is full: this was not saved, and nothing saved before is lost. Free some disk space and try again."
    )
    template_zh = "磁盘已满：本次操作没有保存，之前保存的数据都在。请清理磁盘空间后重试。"


class DatabaseReadOnly(StorageError):
    code = "database_read_only"
    template = (
        "The station database cannot be written (the file or its folder is read-only): this was not saved. "
        "Check the file's permissions, then try again."
    )
    template_zh = "门店数据库文件只读（文件或所在文件夹禁止写入）：本次操作没有保存。请检查文件权限后重试。"


class DatabaseBusy(StorageError):
    code = "database_busy"
    template = (
        "Another program is holding the station database (a second copy of the till, a backup or "
        "antivirus tool?): this was not saved. Close it and try again."
    )
    template_zh = (
        "门店数据库正被其他程序占用（另一个收银程序、备份或杀毒软件？）：本次操作没有保存。请关闭该程序后重试。"
    )


class DatabaseDamaged(StorageError):
    code = "database_damaged"
    template = (
        "The station database file is damaged ({reason}). Close the app and restore the latest backup "
        "with `pos-admin restore`."
    )
    template_zh = "门店数据库文件已损坏（{reason}）。请关闭程序，用 pos-admin restore 恢复最近的备份。"


class KeyProblem(StorageError):
    """The key file is not the station file's own: what is wrong (the subclass) and the way back."""

    def __init__(self, *, path: Path, backup: Path | None, way: tuple[str, str]) -> None:
        super().__init__(path=str(path), way=way[0], way_zh=way[1])
        self.path, self.backup = path, backup  # the backup whose key copy is the right one, if any


class KeyMissing(KeyProblem):
    """The key file is gone while the station file holds data under it."""

    code = "key_missing"
    template = (
        "The key file {path} is missing, and the ID and bank numbers, PINs and audit chain in this database "
        "are sealed with it: no new key is made. {way}"
    )
    template_zh = "密钥文件 {path} 不见了。数据库中的身份证号、银行卡号、PIN 和审计链都用它加密，不能换新密钥。{way_zh}"

    def __init__(self, *, path: Path, backup: Path | None, server: bool = False) -> None:
        if server:
            way = (
                "Put back the key file from the server's backup (the one made with this database).",
                "请从服务器的备份中找回与本数据库配套的密钥文件。",
            )
        elif backup is None:
            way = (
                "No backup holds it: find the key file this station was made with.",
                "没有哪个备份带有这把密钥：请找回本站建立时的密钥文件。",
            )
        else:
            way = (
                f"Copy {backup} to {path}, or restore that backup with `pos-admin restore`.",
                f"请把备份中的 {backup} 复制为 {path}，或用 pos-admin restore 恢复该备份。",
            )
        super().__init__(path=path, backup=backup, way=way)


class KeyMismatch(KeyProblem):
    """A key file is there, but not the one the station file was sealed with."""

    code = "key_mismatch"
    template = "The key file {path} is not this station's key (another station's, or a new one). {way}"
    template_zh = "密钥文件 {path} 不是本站的密钥（可能是别的门店的，或新生成的）。{way_zh}"

    def __init__(self, *, path: Path, backup: Path | None) -> None:
        if backup is None:
            way = ("No backup holds the right one.", "没有哪个备份带有正确的密钥。")
        else:
            way = (f"The right one is {backup}: copy it to {path}.", f"正确的密钥在 {backup}：请把它复制为 {path}。")
        super().__init__(path=path, backup=backup, way=way)


class ClockBehind(PosError):
    """A warning, not a refusal: the computer's clock is earlier than something already recorded."""

    code = "clock_behind"
    template = (
        "The computer's clock ({now}) is earlier than the last thing recorded here ({last}). "
        "Check the date and time: sales are stamped with it."
    )
    template_zh = "电脑时间（{now}）早于本机最近一笔记录（{last}）。销售时间以电脑时间为准，请先校准日期和时间。"


class ResourceMissing(PosError):
    code = "resource_missing"
    template = "A file of the app is missing: {path}. Reinstall the app."
    template_zh = "程序文件缺失：{path}。请重新安装本程序。"


class SyncError(PosError):
    """Talking to the district server failed; the station keeps selling and retries later."""

    code = "sync_error"
    template = "District sync: {what}"
    template_zh = "区级同步：{what_zh}"


class NotEnrolled(SyncError):
    code = "not_enrolled"
    template = "This terminal is not enrolled with a district server; run `pos-admin enroll`"
    template_zh = "本终端尚未登记到区级服务器，请先运行 pos-admin enroll"
