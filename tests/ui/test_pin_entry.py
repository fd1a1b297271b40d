"""A manager's approval typed as people type it: Enter after the name goes to the PIN and burns no
try, letters never land in the PIN box, each wrong PIN says how many tries are left, and a lock-out
counts down."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pos_app.bootstrap import Services
from pos_app.ui.dialogs import ManagerPinDialog

pytestmark = pytest.mark.gui


def test_a_keyboard_approval_burns_no_try_and_counts_the_lock_out_down(qtbot, stocked: Services) -> None:  # type: ignore[no-untyped-def]
    dlg = ManagerPinDialog(stocked.users, "退款")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    assert dlg.user.hasFocus()
    qtbot.keyClicks(dlg.user, "manager")
    qtbot.keyClick(dlg.user, Qt.Key.Key_Return)
    assert dlg.pin.hasFocus() and not dlg.error.isVisible() and dlg.isVisible()
    assert stocked.audit.entries(action="pin_failed") == []  # Enter after the name was no try
    qtbot.keyClicks(dlg.pin, "ab12cd")
    assert dlg.pin.text() == "12"  # letters never land
    dlg.pin.clear()
    for left in (4, 3, 2, 1):
        qtbot.keyClicks(dlg.pin, "0000")
        qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)
        assert f"{left} more tries" in dlg.error.text() and dlg.isVisible()
    qtbot.keyClicks(dlg.pin, "0000")
    qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)
    assert "try again in 30 s" in dlg.error.text()
    qtbot.waitUntil(lambda: "try again in 29 s" in dlg.error.text(), timeout=3000)  # it counts down
    assert len(stocked.audit.entries(action="pin_failed")) == 5
    assert dlg.approver is None


def test_staff_pick_their_name_from_the_list_by_arrow_keys(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """No Latin user name to remember: ↓ walks the staff list from the name field, Enter goes on."""
    login = window.login
    names = [login.staff.item(r).text() for r in range(login.staff.count())]
    assert any("王收银" in n for n in names) and any("张经理" in n for n in names)
    login.user.setFocus()
    qtbot.keyClick(login.user, Qt.Key.Key_Down)
    qtbot.keyClick(login.user, Qt.Key.Key_Down)
    picked = login.staff.currentItem().data(Qt.ItemDataRole.UserRole)
    assert login.user.text() == picked
    qtbot.keyClick(login.user, "\r")
    qtbot.keyClicks(login.pin, {"cashier": "1111", "manager": "999999"}[picked])
    qtbot.keyClick(login.pin, "\r")
    assert window.user is not None and window.user.username == picked


def test_a_manager_with_a_four_digit_pin_sets_a_six_digit_one_to_sign_in(  # type: ignore[no-untyped-def]
    qtbot, window, stocked, db_path
) -> None:
    import sqlite3

    from PySide6.QtWidgets import QWidget

    from pos_app.crypto import hash_secret
    from pos_app.ui.dialogs import ChangePinDialog
    from tests.ui.conftest import when_modal

    con = sqlite3.connect(db_path)  # a manager from before six digits were needed
    con.execute("UPDATE app_user SET pin_hash = ? WHERE username = 'manager'", (hash_secret("9999"),))
    con.commit()
    con.close()
    w = window
    seen: list[str] = []

    def refuse_then_cancel(d: QWidget) -> None:
        assert isinstance(d, ChangePinDialog) and d.new.hasFocus()
        qtbot.keyClicks(d.new, "1234")
        qtbot.keyClick(d.new, Qt.Key.Key_Return)
        assert d.again.hasFocus()
        qtbot.keyClicks(d.again, "1234")
        qtbot.keyClick(d.again, Qt.Key.Key_Return)
        seen.append(d.error.text())  # too short for a manager: said, the dialog stays
        assert d.isVisible() and d.new.hasFocus()
        d.reject()

    when_modal(refuse_then_cancel)
    qtbot.keyClicks(w.login.user, "manager")
    qtbot.keyClick(w.login.user, Qt.Key.Key_Return)
    qtbot.keyClicks(w.login.pin, "9999")
    qtbot.keyClick(w.login.pin, Qt.Key.Key_Return)
    assert seen and "6 to 8 digits" in seen[0]
    assert w.user is None and "must be changed" in w.login.error.text()  # not signed in

    def change(d: QWidget) -> None:
        assert isinstance(d, ChangePinDialog)
        qtbot.keyClicks(d.new, "918273")
        qtbot.keyClick(d.new, Qt.Key.Key_Return)
        qtbot.keyClicks(d.again, "918273")
        qtbot.keyClick(d.again, Qt.Key.Key_Return)

    when_modal(change)
    qtbot.keyClicks(w.login.pin, "9999")
    qtbot.keyClick(w.login.pin, Qt.Key.Key_Return)
    assert w.user is not None and w.user.username == "manager"
    assert not stocked.users.authenticate("manager", "918273").pin_change_due


def test_a_message_in_a_form_never_hides_its_fields(qtbot, stocked: Services) -> None:  # type: ignore[no-untyped-def]
    """Seen under X: after "the two PINs differ" the form scrolled, the second box out of sight."""
    from pos_app.ui.dialogs import ChangePinDialog

    user = stocked.users.authenticate("manager", "999999")
    d = ChangePinDialog(stocked.users, user, "999999")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    qtbot.keyClicks(d.new, "123456")
    qtbot.keyClick(d.new, Qt.Key.Key_Return)
    qtbot.keyClicks(d.again, "123457")
    qtbot.keyClick(d.again, Qt.Key.Key_Return)
    assert d.error.isVisible()
    qtbot.waitUntil(lambda: d._scroll.verticalScrollBar().maximum() == 0)  # the dialog grew instead
