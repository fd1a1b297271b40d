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


# -- the arrows of docs/architecture.md ("Layers and arrows") -------------------------------------
# Which of the product's own packages each one may import directly. A top-level module counts as
# its own package (``pos_app/bootstrap.py`` is "bootstrap"); ``app`` and ``main.py`` may import anything.
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "contract": {"domain"},
    "importing": {"domain", "files"},
    "crypto": {"domain", "files"},
    "commandline": {"domain"},
    "config": {"domain", "paths", "files"},
    "paths": set(),
    "files": set(),
    "memory": set(),
    "store": {"domain", "contract", "importing", "crypto", "paths", "files"},
    "services": {"domain", "contract", "importing", "crypto", "store", "paths", "memory", "files"},
    "reports": {"domain", "contract", "services", "paths"},
    "hardware": {"domain", "reports", "services", "files"},
    "sync": {"domain", "contract", "services"},
    "server": {"domain", "contract", "importing", "crypto", "commandline", "reports", "files"},
    "bootstrap": {"domain", "contract", "crypto", "services", "store", "sync", "hardware"},
    "demo": {"domain", "importing", "paths", "services", "bootstrap"},
    "cli": {
        "domain",
        "importing",
        "services",
        "reports",
        "sync",
        "bootstrap",
        "demo",
        "commandline",
        "config",
        "files",
        "hardware",
    },
    "ui": {"domain", "importing", "services", "reports", "hardware", "bootstrap", "paths"},
}


def _package_of(path: Path) -> str:
    return path.relative_to(ROOT).with_suffix("").parts[0]


def _graph() -> dict[str, set[str]]:
    """Module → the product modules it imports (``from pos_app import memory`` names pos_app.memory)."""
    graph: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(("pos_app", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("pos_app."))
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "pos_app":
                    deps.update(f"pos_app.{a.name}" for a in node.names)
                elif node.module.startswith("pos_app."):
                    deps.add(node.module)
        graph[name] = deps
    return graph


def test_every_package_imports_only_what_its_layer_allows() -> None:
    bad = []
    for mod, deps in _graph().items():
        package = mod.split(".")[1] if "." in mod else "app"
        if package == "app":
            continue
        assert package in ALLOWED, f"{package}: a new package needs its place in ALLOWED and in the document"
        bad += [f"{mod} imports {d}" for d in deps if d.split(".")[1] not in ALLOWED[package] | {package}]
    assert not bad


def test_the_server_reaches_no_station_code_even_indirectly() -> None:
    """server → reports is allowed for the district's PDF; what that pulls in must stay below."""
    graph = _graph()
    seen: set[str] = set()
    todo = [m for m in graph if m.startswith("pos_app.server")]
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        todo += [d for d in graph.get(mod, ()) if d in graph]
    forbidden = ("pos_app.ui", "pos_app.store", "pos_app.services", "pos_app.sync", "pos_app.bootstrap")
    assert not sorted(m for m in seen if m.startswith(forbidden))


def test_nothing_below_the_composition_root_imports_it() -> None:
    """bootstrap wires services; only what sits above it (app, cli, ui, demo) may import it."""
    above = {"app", "cli", "ui", "demo", "bootstrap"}
    bad = [
        f"{path.relative_to(ROOT)}"
        for path in ROOT.rglob("*.py")
        if _package_of(path) not in above and any(m.startswith("pos_app.bootstrap") for m in _imports(path))
    ]
    assert not bad
