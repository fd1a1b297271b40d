"""The layer rule (docs/architecture.md), checked on the source."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "pos_app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def _violations(package: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in (ROOT / package).rglob("*.py"):
        for mod in _imports(path):
            if mod.split(".")[0] in forbidden or any(mod.startswith(f + ".") or mod == f for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)} imports {mod}")
    return bad


def test_domain_is_pure() -> None:
    assert not _violations(
        "domain",
        (
            "PySide6",
            "sqlalchemy",
            "reportlab",
            "alembic",
            "pos_app.store",
            "pos_app.services",
            "pos_app.ui",
            "sqlite3",
            "openpyxl",
            "httpx",
        ),
    )


def test_only_ui_imports_qt() -> None:
    bad = []
    for package in ("domain", "importing", "store", "services", "sync", "server", "reports", "hardware"):
        bad += _violations(package, ("PySide6",))
    for path in ROOT.glob("*.py"):
        if path.name != "app.py" and any(m.startswith("PySide6") for m in _imports(path)):
            bad.append(path.name)
    assert not bad


def test_services_and_store_never_import_ui() -> None:
    assert not _violations("services", ("pos_app.ui",))
    assert not _violations("store", ("pos_app.ui", "pos_app.services"))


def test_server_never_imports_ui_or_the_station_store() -> None:
    assert not _violations("server", ("pos_app.ui", "pos_app.store"))


def test_ui_holds_no_sql() -> None:
    assert not _violations("ui", ("sqlalchemy", "sqlite3", "pos_app.store"))


def test_ui_slots_are_bound_methods_not_lambdas() -> None:
    """A lambda slot capturing self makes a cycle through the C++ connection that PySide tears down
    after Qt has deleted the widget: a crash at exit. Connect bound methods (held weakly) instead."""
    bad = []
    for path in (ROOT / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                slot_args = [*node.args, *(k.value for k in node.keywords if k.arg == "activated")]
                if (
                    (isinstance(f, ast.Attribute) and f.attr == "connect") or getattr(f, "id", "") == "QShortcut"
                ) and any(isinstance(a, ast.Lambda) for a in slot_args):
                    bad.append(f"{path.name}:{node.lineno}")
    assert not bad


def test_importers_are_shared_by_station_and_server() -> None:
    """File parsers know no database, so the district server reads files exactly as a station does."""
    assert not _violations("importing", ("pos_app.store", "pos_app.services", "pos_app.ui", "sqlalchemy"))
