"""The main window: sign-in, then the checkout; a status bar with station, cashier, shift, clock, sync."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from time import monotonic
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QStackedWidget, QWidget

from pos_app.bootstrap import Services
from pos_app.domain.cart import Totals
from pos_app.domain.clock import format_local
from pos_app.domain.errors import PosError
from pos_app.hardware.printer import ReceiptPrinter
from pos_app.hardware.scale import WeightSource
from pos_app.reports.shift_report import render_shift_pdf
from pos_app.services.checkout import CompletedSale
from pos_app.services.users import UserView
from pos_app.ui.background import Background
from pos_app.ui.checkout_screen import CheckoutScreen
from pos_app.ui.customer_display import CustomerDisplay, view_of
from pos_app.ui.delivery_screen import DeliveryScreen
from pos_app.ui.dialogs import OpenShiftDialog
from pos_app.ui.login import LoginScreen
from pos_app.ui.look import ElidingLabel, error_text
from pos_app.ui.manager.sync import status_text
from pos_app.ui.receipt_preview import PdfPreview
from pos_app.ui.shift_dialog import CloseShiftDialog


class SyncRunner(Protocol):
    """The background sync loop (pos_app.sync.worker.SyncWorker), as the window uses it."""

    def wake(self) -> None: ...

    def stop(self, timeout: float = ...) -> None: ...


LABEL_SCALE_EVERY_MS = 30_000
CUSTOMER_DELAY_MS = 15  # the customer's displays follow the till's own paint by this much
_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)  # what keeps the till from locking itself


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        printer: ReceiptPrinter,
        background: Background | None = None,
        sync: SyncRunner | None = None,
        daily_jobs: bool = False,
        scale: WeightSource | None = None,
        customer_displays: Sequence[CustomerDisplay] = (),
    ) -> None:
        super().__init__()
        self.services = services
        # The daily jobs run at the first tick and again whenever the business day turns, so a
        # till left running for days still backs up each day.
        self._daily_jobs = daily_jobs
        self._jobs_done_for: date | None = None
        self.sync = sync
        self.printer = printer
        self.scale = scale
        self.customer_displays = list(customer_displays)
        self._customer_view: Totals | CompletedSale | None = None  # the newest, shown after the till's paint
        self._customer_timer = QTimer(self)
        self._customer_timer.setSingleShot(True)
        self._customer_timer.setInterval(CUSTOMER_DELAY_MS)
        self._customer_timer.timeout.connect(self._show_customer_now)
        self.background = background or Background(self)
        st = services.station
        self.setWindowTitle(self.tr("Poverty-relief POS — {0}").format(st.station_name))
        self.stack = QStackedWidget()
        self.login = LoginScreen(services.users, st.station_name)
        self.login.logged_in.connect(self.on_login)
        self.stack.addWidget(self.login)
        self.checkout: CheckoutScreen | None = None
        self.deliveries: DeliveryScreen | None = None
        self.user: UserView | None = None
        self.setCentralWidget(self.stack)

        bar = self.statusBar()
        self.station_label = QLabel(self.tr("{0} · terminal {1}").format(st.station_name, f"{st.terminal_no:02d}"))
        self.user_label = QLabel()
        self.shift_label = QLabel()
        self.sync_label = ElidingLabel()
        self.clock_label = QLabel()
        for w in (self.station_label, self.user_label, self.shift_label):
            bar.addWidget(w)
        # the sync state is the one that gives way on a narrow screen (it ends in "…", its full text is
        # its tooltip), so the station, cashier and shift are never cut at 1024 px
        bar.addWidget(self.sync_label, 1)
        bar.addPermanentWidget(self.clock_label)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self.tick)
        self._clock.start(1000)
        self._sync_timer = QTimer(self)  # a local count, never the network
        self._sync_timer.timeout.connect(self.update_sync)
        self._sync_timer.start(3000)
        # label scales that do not hold today's PLUs (a price changed, a scale came back) are sent
        # them again, off the UI thread; nothing runs when the station has no label scale
        self._label_scale_timer = QTimer(self)
        self._label_scale_timer.timeout.connect(self.update_label_scales)
        self._label_scale_timer.start(LABEL_SCALE_EVERY_MS)
        self._label_scales_busy = False
        self._idle_limit_s = 60 * int(services.settings.get("idle_lock_minutes") or 0)
        self._last_activity = monotonic()
        self._give_back: QWidget | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.tick()
        self.update_status()
        self.update_sync()
        room = self.screen().availableGeometry()  # the till's screen, 1024×768 and up: never wider
        self.resize(min(1280, room.width()), min(800, room.height()))
        self.background.run(services.catalog.warm_search_index)
        self.login.reset()

    def closeEvent(self, event: QCloseEvent) -> None:
        for display in self.customer_displays:
            display.close()
        self._clock.stop()
        self._sync_timer.stop()
        self._label_scale_timer.stop()
        if self.sync is not None:
            self.sync.stop()
        self.background.wait()  # let a receipt being printed finish
        super().closeEvent(event)

    def tick(self) -> None:
        self.clock_label.setText(format_local(self.services.clock.now(), "%Y-%m-%d %H:%M:%S"))
        today = self.services.today()
        if self._daily_jobs and self._jobs_done_for != today:
            self._jobs_done_for = today
            self.background.run(self.services.daily_jobs.run)  # off the UI thread
        idle = monotonic() - self._last_activity
        if (
            self.user is not None
            and self._idle_limit_s
            and idle > self._idle_limit_s
            and not QApplication.activeModalWidget()
        ):
            self.lock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Installed on the whole application: it sees every event (~140 a scan), so it stays minimal
        # and never calls back into C++ (QObject.eventFilter only ever says False).
        kind = event.type()
        if kind in _ACTIVITY:
            self._last_activity = monotonic()
        elif kind == QEvent.Type.Hide and isinstance(watched, QDialog):
            # a dialog closed: the window it opened over gets the keyboard back (a till may run with
            # no window manager to hand it over, and then every key after a dialog went nowhere)
            parent = watched.parentWidget()
            if parent is not None:
                self._give_back = parent.window()
                QTimer.singleShot(0, self._return_keyboard)
        return False

    def _return_keyboard(self) -> None:
        window = self._give_back
        self._give_back = None
        if window is not None and window.isVisible() and QApplication.activeModalWidget() in (None, window):
            window.activateWindow()

    def update_status(self, *_: object) -> None:
        u = self.user
        if u is None:
            who = self.tr("Not signed in")
        elif u.has("manager"):
            who = self.tr("Manager: {0}").format(u.display_name)
        elif u.has("cashier"):
            who = self.tr("Cashier: {0}").format(u.display_name)
        else:
            who = self.tr("Volunteer: {0}").format(u.display_name)
        self.user_label.setText(who)
        shift = self.services.shifts.current()
        if shift is None:
            self.shift_label.setText(self.tr("No shift open"))
        else:
            opened = format_local(shift.opened_at, "%H:%M")
            self.shift_label.setText(self.tr("Shift: {0} since {1}").format(self._opener(shift.opened_by), opened))

    def update_sync(self) -> None:
        try:
            text = status_text(self.services.sync.status())
        except PosError as exc:  # a locked or failing disk: say so, keep going
            text = error_text(exc)
        self.sync_label.set_full_text(text)

    def update_label_scales(self) -> None:
        if self._label_scales_busy or not self.services.settings.get("label_scales"):
            return
        self._label_scales_busy = True
        self.background.run(
            self.services.label_scales.send_out_of_date,
            on_done=self._label_scales_sent,
            on_error=self._label_scales_sent,
        )

    def _label_scales_sent(self, *_: object) -> None:
        self._label_scales_busy = False

    def sync_now(self, *_: object) -> None:
        """After a sale, or when a manager asks: push soon (the worker thread does the network)."""
        if self.sync is not None:
            self.sync.wake()

    def on_login(self, user: UserView) -> None:
        """A volunteer goes to the deliveries and never handles the drawer: no shift, no float. A cashier
        or manager opens the till's shift, or is told whose open shift they carry on."""
        sells = user.has("cashier") or user.has("manager")
        shift = self.services.shifts.current()
        if sells and shift is None:
            dlg = OpenShiftDialog(self)
            if dlg.exec() != QDialog.DialogCode.Accepted:
                self.login.reset()
                return
            try:
                self.services.shifts.open(user.id, dlg.value)
            except PosError as exc:
                self.login.error.setText(error_text(exc))
                self.login.error.show()
                return
        self.user = user
        self._idle_limit_s = 60 * int(self.services.settings.get("idle_lock_minutes") or 0)  # as last set
        if not sells:  # a volunteer: deliveries only
            self.show_deliveries()
            self.update_status()
            return
        if self.checkout is None:
            self.checkout = CheckoutScreen(self.services, user, self.printer, self.background, scale=self.scale)
            self.checkout.close_shift_requested.connect(self.close_shift)
            self.checkout.lock_requested.connect(self.lock)
            self.checkout.deliveries_requested.connect(self.show_deliveries)
            self.checkout.sale_completed.connect(self.update_status)
            self.checkout.sale_completed.connect(self.sync_now)
            self.checkout.sync_requested.connect(self.sync_now)
            self.checkout.customer_view.connect(self.show_customer)
            self.stack.addWidget(self.checkout)
        else:
            self.checkout.user = user
            self.checkout.checkout.cashier_id = user.id
            self.checkout.checkout.cashier_name = user.display_name
        self.stack.setCurrentWidget(self.checkout)
        self.activateWindow()  # back from the sign-in and cash-float dialogs: the first F-key works
        self.checkout.code.setFocus()
        if shift is not None and shift.opened_by != user.id:
            self.checkout.show_notice(
                self.tr("Carrying on the shift {0} opened at {1}; the drawer is counted when it closes (F10).").format(
                    self._opener(shift.opened_by), format_local(shift.opened_at, "%H:%M")
                )
            )
        self.update_status()

    def show_customer(self, shown: Totals | CompletedSale) -> None:
        """The customer's displays follow a moment after the till has painted (the newest state only):
        the cashier's scan never waits for a second screen or a serial line, nor builds their view."""
        if not self.customer_displays:
            return
        self._customer_view = shown
        if not self._customer_timer.isActive():
            self._customer_timer.start()

    def _show_customer_now(self) -> None:
        shown, self._customer_view = self._customer_view, None
        if shown is None:
            return
        view = view_of(shown)
        for display in self.customer_displays:
            display.show_view(view)

    def _opener(self, user_id: str) -> str:
        try:
            return self.services.users.get(user_id).display_name
        except PosError:
            return "?"

    def show_deliveries(self) -> None:
        assert self.user is not None
        if self.deliveries is None or self.deliveries.user.id != self.user.id:
            if self.deliveries is not None:
                self.stack.removeWidget(self.deliveries)
                self.deliveries.deleteLater()
            self.deliveries = DeliveryScreen(self.services, self.user)
            self.deliveries.back_requested.connect(self.back_to_till)
            self.deliveries.lock_requested.connect(self.lock)
            self.stack.addWidget(self.deliveries)
        self.stack.setCurrentWidget(self.deliveries)
        self.activateWindow()  # with no window manager, nobody else makes it active: no F-key would work
        self.deliveries.resident_find.setFocus()

    def back_to_till(self) -> None:
        if self.checkout is not None:
            self.stack.setCurrentWidget(self.checkout)
            self.checkout.code.setFocus()

    def lock(self) -> None:
        """Back to sign-in; a sale in progress stays where it is for the next user."""
        self.user = None
        self.stack.setCurrentWidget(self.login)
        self.login.user.clear()
        self.login.reset()
        self.update_status()

    def close_shift(self) -> None:
        if self.user is None:
            return
        dlg = CloseShiftDialog(self.services.shifts, self.user.id, self)
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.closed is None:
            return
        st = self.services.station
        pdf = render_shift_pdf(
            dlg.closed,
            st.station_name,
            f"{st.station_code}-{st.terminal_no:02d}",
            self.user.display_name,
            datetime.now(UTC),
        )
        PdfPreview(self.tr("Shift report"), pdf, self).exec()
        self.lock()
