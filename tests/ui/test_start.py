"""Starting the app on a hostile machine: ``pos-app`` itself, with its message boxes caught. A damaged
or read-only file stops it with a message saying what to do; a clock behind the last sale, or a
missing font, is said once and the till still opens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_app import app as pos_app
from pos_app.bootstrap import Services
from pos_app.domain.clock import SystemClock
from pos_app.ui import look
from tests.facts import sell
from tests.integration.test_hostile import read_only


@pytest.fixture
def said(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """Every message box the start shows (kind, text); the event loop returns at once."""
    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: boxes.append(("critical", text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: boxes.append(("warning", text)))
    monkeypatch.setattr(QApplication, "exec", lambda *_: 0)
    yield boxes
    for t in qapp.findChildren(QTranslator):
        qapp.removeTranslator(t)
    look.install_translations(qapp, "en")
    qapp.setStyleSheet("")
    for w in qapp.topLevelWidgets():
        w.close()
        w.deleteLater()


def _start(db: Path) -> int:
    return pos_app.main(["--db", str(db), "--lang", "zh_CN"])


def test_a_healthy_station_starts_without_a_word(stocked: Services, db_path: Path, said) -> None:  # type: ignore[no-untyped-def]
    stocked.close()
    assert _start(db_path) == 0 and said == []


def test_when_the_app_ends_python_collects_on_its_own_again(stocked: Services, db_path: Path, said, qapp) -> None:  # type: ignore[no-untyped-def]
    """The UI-thread collector is the app's while its loop runs; after, nothing of it is left (it
    had kept collecting every 5 s, in whatever ran next in the process, with Python's off)."""
    import gc

    from pos_app.ui.background import MainThreadGC

    stocked.close()
    assert _start(db_path) == 0
    assert gc.isenabled() and not qapp.findChildren(MainThreadGC)


def test_a_damaged_file_stops_the_start_naming_the_way_back(tmp_path: Path, said) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "station.db"
    db.write_bytes(b"not a database at all " * 400)
    assert _start(db) == 2
    [(kind, text)] = said
    assert kind == "critical" and "损坏" in text and "pos-admin restore" in text


def test_a_read_only_file_stops_the_start(stocked: Services, db_path: Path, said) -> None:  # type: ignore[no-untyped-def]
    stocked.close()
    with read_only(db_path):
        assert _start(db_path) == 2
    [(kind, text)] = said
    assert kind == "critical" and "只读" in text


def test_a_lost_key_stops_the_start_naming_the_backup_that_holds_it(stocked: Services, db_path: Path, said) -> None:  # type: ignore[no-untyped-def]
    from pos_app.crypto import FieldCipher

    kept = stocked.backup.backup()  # with its key copy
    stocked.close()
    key = FieldCipher.key_path_for(db_path)
    key.unlink()
    assert _start(db_path) == 2
    [(kind, text)] = said
    assert kind == "critical" and "密钥文件" in text and "不能换新密钥" in text
    assert str(kept.with_suffix(".key")) in text and not key.exists()


def test_a_clock_behind_the_last_sale_is_said_and_the_till_opens(
    stocked: Services,
    db_path: Path,
    said,  # type: ignore[no-untyped-def]
) -> None:
    stocked.clock.set(SystemClock().now().replace(year=SystemClock().now().year + 1))  # type: ignore[attr-defined]
    sell(stocked, ["6920000000012"])  # rung up a year ahead; the real clock is now "behind"
    stocked.close()
    assert _start(db_path) == 0
    [(kind, text)] = said
    assert kind == "warning" and "早于" in text


def test_a_missing_font_is_said_and_the_till_opens(
    stocked: Services,
    db_path: Path,
    said,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    stocked.close()
    monkeypatch.setattr(look, "FONT_FILE", tmp_path / "gone.ttc")
    assert _start(db_path) == 0
    [(kind, text)] = said
    assert kind == "warning" and "gone.ttc" in text and "重新安装" in text


def test_a_till_left_running_for_days_backs_up_each_day(qtbot, stocked: Services, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pos_app.hardware.printer import PdfFilePrinter
    from pos_app.ui.main_window import MainWindow

    w = MainWindow(stocked, PdfFilePrinter(tmp_path / "receipts"), daily_jobs=True)  # ticks once: today's jobs
    qtbot.addWidget(w)
    w.background.wait()
    w.tick()  # the same day again: nothing more
    w.background.wait()
    for _ in range(2):  # the till stays open overnight, twice
        clock.advance(days=1)
        w.tick()
        w.background.wait()
    days = sorted({b.at.date() for b in stocked.backup.files() if b.reason == "daily"})
    assert len(days) == 3 and (days[-1] - days[0]).days == 2
