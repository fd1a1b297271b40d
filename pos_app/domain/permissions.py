"""Who may do what: one matrix, checked by the services (hiding a button is not a permission)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pos_app.domain.errors import NotPermitted


class Permission(StrEnum):
    SELL = "sell"
    HOLD = "hold"
    REPRINT = "reprint"
    VOID_LINE = "void_line"
    REFUND = "refund"
    DISCOUNT_LARGE = "discount_large"
    OPEN_DRAWER = "open_drawer"
    SHIFTS = "shifts"
    CONSIGNMENT = "consignment"
    SETTLEMENT = "settlement"
    REPORTS = "reports"
    EXPORT = "export"
    EXPORT_UNMASKED = "export_unmasked"
    CATALOG_EDIT = "catalog_edit"
    PURCHASING = "purchasing"  # suppliers, goods receipts and returns to suppliers
    HOUSEHOLD_EDIT = "household_edit"
    REVEAL_PII = "reveal_pii"
    RESIDENTS = "residents"
    DELIVERIES = "deliveries"
    USERS = "users"
    SETTINGS = "settings"
    ENROLLMENT = "enrollment"
    SYNC_PROBLEMS = "sync_problems"


_CASHIER = {Permission.SELL, Permission.HOLD, Permission.REPRINT, Permission.SHIFTS}
_VOLUNTEER = {Permission.RESIDENTS, Permission.DELIVERIES}
_MANAGER = _CASHIER | {
    Permission.VOID_LINE,
    Permission.REFUND,
    Permission.DISCOUNT_LARGE,
    Permission.OPEN_DRAWER,
    Permission.CONSIGNMENT,
    Permission.SETTLEMENT,
    Permission.REPORTS,
    Permission.EXPORT,
    Permission.CATALOG_EDIT,
    Permission.PURCHASING,
    Permission.HOUSEHOLD_EDIT,
    Permission.REVEAL_PII,
    Permission.RESIDENTS,
    Permission.DELIVERIES,
    Permission.SYNC_PROBLEMS,
}
_ADMIN = {
    Permission.USERS,
    Permission.SETTINGS,
    Permission.ENROLLMENT,
    Permission.EXPORT_UNMASKED,
    Permission.REVEAL_PII,
}

MATRIX: dict[str, frozenset[Permission]] = {
    "cashier": frozenset(_CASHIER),
    "volunteer": frozenset(_VOLUNTEER),
    "manager": frozenset(_MANAGER),
    "admin": frozenset(_ADMIN),
}

ACTION_ZH = {
    Permission.VOID_LINE: "删除商品",
    Permission.REFUND: "退货",
    Permission.DISCOUNT_LARGE: "大额优惠",
    Permission.OPEN_DRAWER: "开钱箱",
    Permission.SETTLEMENT: "结算",
    Permission.EXPORT: "导出数据",
    Permission.EXPORT_UNMASKED: "导出未遮蔽的个人信息",
    Permission.REVEAL_PII: "查看个人信息",
    Permission.USERS: "管理用户",
    Permission.SETTINGS: "修改设置",
    Permission.CONSIGNMENT: "代销入库",
    Permission.CATALOG_EDIT: "修改商品",
    Permission.PURCHASING: "供应商与进货",
    Permission.HOUSEHOLD_EDIT: "修改农户",
    Permission.REPORTS: "查看报表",
    Permission.ENROLLMENT: "登记终端",
    Permission.SYNC_PROBLEMS: "处理同步问题",
}


def permissions(roles: Iterable[str]) -> frozenset[Permission]:
    out: set[Permission] = set()
    for role in roles:
        out |= MATRIX.get(role, frozenset())
    return frozenset(out)


PIN_DIGITS = (4, 8)  # a cashier's or a volunteer's PIN
APPROVER_PIN_DIGITS = (6, 8)  # a manager's or an administrator's: they approve refunds, voids, exports
APPROVER_ROLES = ("manager", "admin")


def pin_digits(roles: Iterable[str]) -> tuple[int, int]:
    """How many digits a PIN of someone with ``roles`` has (fewest, most)."""
    return APPROVER_PIN_DIGITS if any(r in APPROVER_ROLES for r in roles) else PIN_DIGITS


def can(roles: Iterable[str], permission: Permission) -> bool:
    return permission in permissions(roles)


def require(name: str, roles: Iterable[str], permission: Permission) -> None:
    if not can(roles, permission):
        raise NotPermitted(name=name, action=permission.value, action_zh=ACTION_ZH.get(permission, permission.value))
