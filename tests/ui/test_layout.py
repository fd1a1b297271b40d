"""Every screen and dialog laid out on a till's screen: at 1024×768 and 1366×768 nothing lies outside
its window, no window is larger than the screen, and no label, button, header or table cell has its
text cut. The screenshot script drives the screens (the same ones the README shows) and checks each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "make_screenshots.py"


@pytest.mark.parametrize("size", ["1024x768", "1366x768"])
def test_every_screen_and_dialog_fits_the_till_screen(size: str, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(SCRIPT.parents[2])}
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--size", size, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    report = [line for line in run.stdout.splitlines() if "layout problems" in line or line.startswith("  ")]
    assert run.returncode == 0, "\n".join(report) or run.stderr[-3000:]
    assert f"0 layout problems at {size}" in run.stdout
    assert len(list(tmp_path.glob("*.png"))) >= 40  # it laid out every screen, not a few


def test_the_check_sees_a_cut_label_and_a_widget_out_of_its_window(qtbot) -> None:
    import importlib.util

    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    spec = importlib.util.spec_from_file_location("make_screenshots", SCRIPT)
    assert spec and spec.loader
    shots = importlib.util.module_from_spec(spec)
    saved = os.environ.get("QT_QPA_PLATFORM")
    spec.loader.exec_module(shots)
    if saved is not None:
        os.environ["QT_QPA_PLATFORM"] = saved
    top = QWidget()
    qtbot.addWidget(top)
    top.resize(300, 200)
    label = QLabel("一个很长很长很长很长很长很长很长很长的标签", top)
    label.setGeometry(10, 10, 60, 30)
    button = QPushButton("确定", top)
    button.setGeometry(250, 150, 120, 40)  # half outside
    top.show()
    problems = shots.layout_problems(top, "test")
    assert any("QLabel" in p and "cut" in p for p in problems)
    assert any("QPushButton" in p and "outside" in p for p in problems)
