"""The audit log in words: each action a person's words for it, each detail key a word, amounts in
yuan. The audit screen, `pos-admin audit list` and the audit export all say an entry this way
(English, and Chinese as the station speaks)."""

from __future__ import annotations

from collections.abc import Mapping

from pos_app.domain.money import format_fen
from pos_app.domain.stocktake import REASONS as STOCKTAKE_REASONS

ACTIONS: dict[str, tuple[str, str]] = {
    "backup": ("Backup", "备份"),
    "catalog_import": ("Products imported", "导入商品"),
    "certified_import": ("Certified list imported", "导入扶贫认定名录"),
    "discount": ("Discount", "优惠"),
    "drawer_open": ("Drawer opened", "开钱箱"),
    "enroll": ("Terminal enrolled", "终端接入区县"),
    "export": ("Export", "导出"),
    "goods_receipt": ("Goods receipt", "进货入库"),
    "goods_return": ("Return to supplier", "退货给供应商"),
    "household_import": ("Households imported", "导入农户名录"),
    "intake": ("Consignment intake", "代销入库"),
    "payout": ("Payout", "付款给农户"),
    "pii_export": ("Export with personal data", "导出完整个人信息"),
    "pii_reveal": ("ID number shown", "查看身份证号"),
    "pin_change": ("PIN changed", "修改 PIN"),
    "pin_failed": ("Wrong PIN", "PIN 错误"),
    "price_change": ("Price change", "调价"),
    "product_add": ("Product added", "新增商品"),
    "product_edit": ("Product changed", "修改商品"),
    "refund": ("Refund", "退货退款"),
    "resident_add": ("Resident added", "新增居民"),
    "resident_edit": ("Resident changed", "修改居民"),
    "resident_import": ("Residents imported", "导入居民"),
    "resident_purge": ("Resident's data erased", "删除居民个人信息"),
    "restore": ("Backup restored", "恢复备份"),
    "setting": ("Setting changed", "修改设置"),
    "settlement": ("Settlement", "结算"),
    "stock_minimum": ("Low-stock threshold", "库存下限"),
    "stock_opening": ("Opening stock", "期初库存"),
    "stock_stocktake": ("Stocktake booked", "盘点入账"),
    "stock_writeoff": ("Write-off", "报损"),
    "stocktake_book": ("Stocktake approved", "盘点审批入账"),
    "stocktake_cancel": ("Stocktake cancelled", "取消盘点"),
    "stocktake_start": ("Stocktake started", "开始盘点"),
    "supplier_add": ("Supplier added", "新增供应商"),
    "supplier_edit": ("Supplier changed", "修改供应商"),
    "supplier_import": ("Suppliers imported", "导入供应商"),
    "sync_retry": ("Sync problem retried", "重试同步问题"),
    "user_add": ("User added", "新增用户"),
    "user_edit": ("User changed", "修改用户"),
    "void_line": ("Line voided", "删除商品行"),
}

DETAIL_KEYS: dict[str, tuple[str, str]] = {
    "active": ("may sign in", "可登录"),
    "after": ("after", "改后"),
    "amount_fen": ("amount", "金额"),
    "aside": ("kept aside as", "原文件另存为"),
    "attempts": ("tries", "次数"),
    "before": ("before", "改前"),
    "by": ("by", "操作人"),
    "category": ("category", "类别"),
    "codes": ("codes", "条码"),
    "created": ("new", "新增"),
    "credit_code": ("credit code", "统一社会信用代码"),
    "display_name": ("name", "姓名"),
    "documents": ("documents", "单据"),
    "field": ("field", "字段"),
    "lines": ("lines", "行数"),
    "method": ("method", "方式"),
    "minimum": ("threshold", "下限"),
    "name": ("name", "名称"),
    "pin": ("PIN", "PIN"),
    "price_fen": ("price", "价格"),
    "reason": ("reason", "原因"),
    "roles": ("roles", "角色"),
    "rows": ("rows", "行数"),
    "source": ("source", "来源"),
    "statement_no": ("statement", "结算单号"),
    "supplier": ("supplier", "供应商"),
    "updated": ("updated", "更新"),
    "what": ("what", "内容"),
}

_VALUES_ZH = {
    **{code: words for code, words in STOCKTAKE_REASONS.items() if code},
    "opening": "期初",
    "spoiled": "变质",
    "broken": "破损",
    "lost": "丢失",
    "other": "其他",
    "cash": "现金",
    "bank": "银行转账",
    "cashier": "收银员",
    "volunteer": "志愿者",
    "manager": "主管",
    "admin": "管理员",
    "reset": "已重设",
    "True": "是",
    "False": "否",
}


def action_words(action: str, chinese: bool) -> str:
    """An action in words (its code when it has none, never nothing)."""
    words = ACTIONS.get(action)
    return words[1 if chinese else 0] if words else action


MONEY_BEFORE_AFTER = ("price_change", "product_edit")  # whose before and after are prices in fen


def detail_words(detail: Mapping[str, object], chinese: bool, action: str = "") -> str:
    """An entry's details as words and yuan, not as raw keys, fen and JSON (``before`` and ``after``
    are yuan only where the action's are prices: a setting's are what the setting holds)."""
    money = action in MONEY_BEFORE_AFTER
    parts = []
    for key, value in detail.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, Mapping):
            shown = detail_words(value, chinese, action)
        elif isinstance(value, bool):
            shown = _value(str(value), chinese)
        elif isinstance(value, int) and (key.endswith("_fen") or (money and key in ("before", "after"))):
            shown = format_fen(value)
        elif isinstance(value, list | tuple):
            shown = ("、" if chinese else ", ").join(_value(str(v), chinese) for v in value)
        else:
            shown = _value(str(value), chinese)
        words = DETAIL_KEYS.get(key)
        parts.append(f"{words[1 if chinese else 0] if words else key} {shown}")
    return ("；" if chinese else "; ").join(parts)


def _value(text: str, chinese: bool) -> str:
    if not chinese:
        return {"True": "yes", "False": "no"}.get(text, text)
    return _VALUES_ZH.get(text, text)
