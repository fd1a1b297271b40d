"""Every action the product records has words, and details read as words and yuan."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pos_app.domain.audit_words import ACTIONS, action_words, detail_words

ROOT = Path(__file__).resolve().parents[2] / "pos_app"


def _recorded_actions() -> set[str]:
    """Every action code written as a literal in a call that records an audit entry."""
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else (f.id if isinstance(f, ast.Name) else "")
            if name in ("record", "audited", "_audit"):
                codes = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if codes and re.fullmatch(r"[a-z]+(_[a-z]+)*", codes[0]):
                    found.add(codes[0])  # the action: the first text the call is given (a target comes after)
    for path in ROOT.rglob("*.py"):  # conditional codes passed on to record(): "goods_receipt" if … else …
        text = path.read_text(encoding="utf-8")
        if "record(" in text:
            found |= {m for m in re.findall(r'"([a-z]+_[a-z]+)" if ', text)}
    return found


def test_every_recorded_action_has_its_words() -> None:
    recorded = _recorded_actions()
    assert {"user_add", "user_edit", "pin_failed", "restore", "catalog_import", "setting"} <= recorded
    assert sorted(recorded - ACTIONS.keys()) == []
    assert all(en and zh and en != zh for en, zh in ACTIONS.values())


def test_details_read_as_words_and_yuan_never_json() -> None:
    assert detail_words({"amount_fen": 1000}, True) == "金额 ¥10.00"
    assert detail_words({"before": 560, "after": 620, "source": "screen"}, True, "price_change") == (
        "改前 ¥5.60；改后 ¥6.20；来源 screen"
    )
    assert detail_words({"before": 10, "after": 5}, True, "setting") == "改前 10；改后 5"  # minutes, not yuan
    words = detail_words(
        {"before": {"roles": ["cashier"]}, "after": {"roles": ["cashier", "manager"], "pin": "reset"}}, True
    )
    assert words == "改前 角色 收银员；改后 角色 收银员、主管；PIN 已重设"
    assert detail_words({"active": False}, False) == "may sign in no"
    assert "{" not in words and "_fen" not in detail_words({"price_fen": 1}, True)
    assert action_words("user_add", True) == "新增用户" and action_words("something_new", True) == "something_new"


def test_every_detail_the_product_records_has_its_word() -> None:
    from pos_app.domain.audit_words import DETAIL_KEYS

    written: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else (f.id if isinstance(f, ast.Name) else "")
                if name in ("record", "audited", "_audit"):
                    written |= {kw.arg for kw in node.keywords if kw.arg}
    columns = {"user_id", "approver_id", "target"}  # the entry's own columns, shown as such
    assert sorted(written - columns - DETAIL_KEYS.keys()) == []
    assert detail_words({"credit_code": "93150400MA0N123454", "reason": "opening"}, True) == (
        "统一社会信用代码 93150400MA0N123454；原因 期初"
    )
