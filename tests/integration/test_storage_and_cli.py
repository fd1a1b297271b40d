"""The station file (pragmas, migrations) and the pos-admin commands as a manager runs them."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from pos_app.bootstrap import Services
from pos_app.cli import main
from pos_app.store.models import Base
from tests.facts import downgrade_station


def test_sqlite_is_durable_and_strict(services: Services) -> None:
    with services.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migrations_build_exactly_the_models(services: Services) -> None:
    with services.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_ids_are_uuid7(stocked: Services) -> None:
    p = stocked.catalog.by_code("6920000000012")
    assert p is not None
    assert p.id[14] == "7"


def _admin(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_init_demo_import_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    assert _admin(db, "init", "--station", "SC01", "--name", "双城扶贫超市", "--terminal", "2", "--demo") == 0
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from product").fetchone()[0] >= 300
        assert con.execute("select count(*) from app_user").fetchone()[0] >= 3
        sales = con.execute("select count(*), min(receipt_no) from sale").fetchone()
        assert sales[0] > 20 and sales[1] == "SC01-02-000001"
        assert con.execute("select count(*) from outbox").fetchone()[0] >= sales[0]
        names = {r[0] for r in con.execute("select name from product")}
    assert {"内蒙古西红柿", "赤峰小米 500g", "蒙香鸡 整鸡1.2kg"} <= names
    # init again is harmless
    assert _admin(db, "init", "--station", "SC01", "--name", "双城扶贫超市", "--terminal", "2") == 0
    assert _admin(db, "export", "products", "--out", str(tmp_path / "p.csv")) == 0
    assert _admin(db, "export", "sales", "--out", str(tmp_path / "s.xlsx")) == 0
    assert (tmp_path / "s.xlsx").stat().st_size > 0
    bad = tmp_path / "bad.csv"
    bad.write_text("条码,名称,单位,售价\n6920000000013,坏,袋,1\n6920000000012,好,袋,2\n", encoding="utf-8")
    capsys.readouterr()
    assert _admin(db, "import-catalog", str(bad)) == 2  # the file sets what the till charges: whose?
    assert "--as" in capsys.readouterr().err
    assert _admin(db, "import-catalog", str(bad), "--as", "cashier", "--pin", "1111") == 2  # not a cashier's
    assert "修改商品" in capsys.readouterr().err
    assert _admin(db, "import-catalog", str(bad), "--as", "manager", "--pin", "999999") == 2
    err = capsys.readouterr().err
    assert "第 2 行" in err and "校验位" in err  # the station speaks Chinese
    assert _admin(db, "import-catalog", str(bad), "--skip-bad", "--as", "manager", "--pin", "999999") == 0
    assert _admin(db, "info") == 0
    assert "SC01" in capsys.readouterr().out


def test_bad_arguments_change_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert _admin(db, "init", "--station", "坏 code", "--name", "x") == 2
    assert _admin(db, "init", "--station", "OK1", "--name", "x", "--terminal", "0") == 2
    assert _admin(tmp_path / "none.db", "info") == 2


def test_env_var_selects_the_database(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    env = {"POS_DB": str(db), "PATH": ""}
    cmd = [sys.executable, "-m", "pos_app.cli", "init", "--station", "E1", "--name", "环境变量站"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert db.exists()


def test_settings_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.db"
    assert _admin(db, "init", "--station", "S1", "--name", "站") == 0
    assert _admin(db, "user", "add", "--username", "boss", "--roles", "admin", "--new-pin", "135790") == 0
    boss = ("--as", "boss", "--pin", "135790")
    assert _admin(db, "setting", "language", "zh_CN") == 2  # a change needs an administrator
    assert _admin(db, "setting", "language", "zh_CN", *boss) == 0
    assert _admin(db, "setting", "rounding", "drop_jiao", *boss) == 0
    assert _admin(db, "setting", "printer", '{"kind": "network", "host": "127.0.0.1", "width_mm": 58}', *boss) == 0
    capsys.readouterr()
    assert _admin(db, "setting") == 0
    out = capsys.readouterr().out
    assert 'language = "zh_CN"' in out and 'rounding = "drop_jiao"' in out and '"width_mm": 58' in out
    for bad in (
        ("rounding", "up"),
        ("language", "fr"),
        ("printer", '{"kind": "usb", "width_mm": 70}'),
        ("scale_layouts", '["2XXX"]'),
        ("colour", "red"),
    ):
        assert _admin(db, "setting", *bad, *boss) == 2
    assert _admin(db, "setting", "rounding") == 0
    assert capsys.readouterr().out.strip().endswith('"drop_jiao"')


def test_a_station_with_data_upgrades_to_the_newest_schema(tmp_path: Path) -> None:
    """An older station file full of data (products, codes, a sale) migrates to head, data intact."""
    from alembic import command
    from alembic.config import Config

    from pos_app.store.engine import make_engine
    from pos_app.store.migrate import MIGRATIONS, current_revision, head_revision, migrate

    db = tmp_path / "old.db"
    engine = make_engine(db)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.commit()
    with sqlite3.connect(db) as con:
        con.execute(
            "insert into product(id, name, unit_label, sold_by_weight, price_fen, category, active,"
            " pinyin_initials, pinyin_full, search_name, created_at, updated_at)"
            " values ('p1', '赤峰小米', '袋', 0, 890, '', 1, 'cfxm', 'chifengxiaomi', '赤峰小米', 'x', 'x')"
        )
        con.execute("insert into product_code values ('6920000000012', 'p1')")
    migrate(engine, db)
    assert current_revision(engine) == head_revision()
    with sqlite3.connect(db) as con:
        assert con.execute(
            "select p.name, p.pass_through from product p join product_code c on c.product_id = p.id"
        ).fetchall() == [("赤峰小米", 0)]
        assert con.execute("pragma foreign_key_check").fetchall() == []
    with engine.connect() as conn:  # pooled connections still enforce foreign keys afterwards
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert list((tmp_path / "backups").glob("old-pre-*.db"))  # a copy was taken first


def test_both_commands_take_db_before_or_after_the_command_and_share_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pos_app.server.cli import main as server

    station = tmp_path / "s.db"
    assert main(["--db", str(station), "init", "--station", "T1", "--name", "一号站"]) == 0
    assert main(["info", "--db", str(station)]) == 0
    assert f"数据库 {station}" in capsys.readouterr().out
    assert main(["user", "add", "--db", str(station)]) == 2  # bad input: nothing changed
    assert "请给出 --username" in capsys.readouterr().err

    district = f"sqlite:///{tmp_path / 'd.db'}"
    assert server(["add-station", "T1", "一号站", "--db", district]) == 0
    assert server(["--db", district, "status"]) == 0
    assert "T1" in capsys.readouterr().out
    assert server(["--db", district, "enroll-code", "--station", "NOPE", "--terminal", "1"]) == 2
    assert "error:" in capsys.readouterr().err
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    assert server(["status", "--db", unreachable]) == 1
    assert "not reachable" in capsys.readouterr().err


def test_the_upgrade_indexes_the_barcodes_certificates_already_list(tmp_path: Path) -> None:
    """A file of 0008 with a certificate listing a code no product has yet: after the upgrade the
    product arriving links at once."""

    from pos_app.bootstrap import open_station
    from pos_app.importing.catalog import ProductInput

    db = tmp_path / "old.db"
    assert main(["--db", str(db), "init", "--station", "U1", "--name", "旧站"]) == 0
    services = open_station(db)
    csv = tmp_path / "c.csv"
    csv.write_text(
        "证书编号,产品名称,生产企业/供应商,统一社会信用代码,产地,类别,有效期起,有效期止,条码,带贫户数\n"
        "FP-1,黑木耳,东宁合作社,91350100M000100Y43,黑龙江,干货,2026-01-01,2099-12-31,6924000000010;6923000000020,3\n",
        encoding="utf-8",
    )
    services.certification.import_file(csv)
    services.close()
    downgrade_station(db, "0008")
    services = open_station(db)
    try:
        services.catalog.upsert([ProductInput("黑木耳 250g", "袋", 2990, ("6923000000020",), "干货")], "import")
        fungus = services.catalog.by_code("6923000000020")
        assert fungus is not None and fungus.certificate_no == "FP-1"
    finally:
        services.close()


def test_pos_admin_without_db_finds_the_demo_the_app_made_and_a_missing_station_leaves_no_file(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from pos_app.cli import main

    monkeypatch.setenv("POS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("POS_DB", raising=False)
    assert main(["info"]) == 2  # no station at all: refused, in words, and nothing made
    assert "pos-admin init" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    demo = tmp_path / "demo-station.db"
    assert main(["--db", str(demo), "init", "--station", "DEMO", "--name", "演示站", "--demo"]) == 0
    capsys.readouterr()
    assert main(["info"]) == 0  # the station `pos-app --demo` shows
    assert "DEMO" in capsys.readouterr().out
    assert not (tmp_path / "station.db").exists()
    assert main(["init", "--station", "TZ01", "--name", "通州站"]) == 0  # a real station gets its own file
    assert (tmp_path / "station.db").is_file()
    capsys.readouterr()
    assert main(["info"]) == 0 and "TZ01" in capsys.readouterr().out


def test_pos_admin_speaks_the_stations_language(tmp_path: Path, capsys, monkeypatch) -> None:
    """Chinese by default whatever the machine's locale; English when the station (or $POS_LANG) says so."""
    from pos_app.cli import main

    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("POS_LANG", raising=False)
    db = str(tmp_path / "s.db")
    assert main(["--db", db, "init", "--station", "T1", "--name", "一号站"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "user", "add"]) == 2
    assert capsys.readouterr().err.startswith("错误：")
    boss = ["--username", "boss", "--roles", "admin", "--new-pin", "135790"]
    assert main(["--db", db, "user", "add", *boss]) == 0
    assert main(["--db", db, "setting", "language", "en", "--as", "boss", "--pin", "135790"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "user", "add"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    monkeypatch.setenv("POS_LANG", "zh_CN")
    assert main(["--db", db, "user", "add"]) == 2
    assert capsys.readouterr().err.startswith("错误：")
    assert main(["--db", str(tmp_path / "none.db"), "info"]) == 2  # no station to ask: Chinese
    assert "pos-admin init" in capsys.readouterr().err


def _help_texts(parser) -> set[str]:
    import argparse

    found = {parser.description} if parser.description else set()
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            found.add(action.help)
        if isinstance(action, argparse._SubParsersAction):
            found |= {choice.help for choice in action._choices_actions if choice.help}
            for sub in action.choices.values():
                found |= _help_texts(sub)
    return found


def test_every_pos_admin_help_text_has_its_chinese() -> None:
    """As the screens' catalog: every command and option is explained in Chinese, nothing is left
    in the catalog that no longer exists, and no argument goes without a word of help."""
    import argparse

    from pos_app.cli import build_parser
    from pos_app.cli.help_zh import HELP_ZH

    parser = build_parser()
    texts = _help_texts(parser)
    assert texts - HELP_ZH.keys() == set()
    assert HELP_ZH.keys() - texts == set()

    def unexplained(p: argparse.ArgumentParser) -> list[str]:
        missing = [f"{p.prog} {a.dest}" for a in p._actions if not a.help]
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                missing += [m for sub in a.choices.values() for m in unexplained(sub)]
        return missing

    assert unexplained(parser) == []


def test_pos_admin_help_and_usage_errors_speak_chinese(capsys, monkeypatch) -> None:
    from pos_app.cli import main

    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("POS_LANG", raising=False)
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：pos-admin")
    assert "扶贫 POS 门店管理" in out and "显示本帮助并退出" in out and "立即备份门店数据库" in out
    with pytest.raises(SystemExit) as done:
        main(["receive", "--help"])
    assert "供应商编码" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["report"])
    assert done.value.code == 2
    assert "pos-admin report: 错误：缺少必需的参数：kind, --out" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["report", "daily", "--date", "12/01", "--out", "x.pdf"])
    assert "错误：参数 --date：不是日期（年-月-日）：12/01" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["sync", "--interval", "soon"])
    assert "错误：参数 --interval：不是数字：'soon'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["frob"])
    assert "无效的选择：'frob'" in capsys.readouterr().err

    monkeypatch.setenv("POS_LANG", "en")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: pos-admin") and "back up the station database now" in out
    with pytest.raises(SystemExit) as done:
        main(["report"])
    assert done.value.code == 2
    assert "error: the following arguments are required: kind, --out" in capsys.readouterr().err
