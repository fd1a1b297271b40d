"""Station settings on screen: the station, the receipt printer (with a test page), scale label
layouts (with a field that reads a scanned label), tenders, households' income targets, and the
counter hardware: the serial counter scale (with a live readout), the customer's display (window and
pole display, with a test) and the label scales (sent the station's PLUs, each one's state shown).

Changing a setting needs an administrator: the signed-in one, or one who approves with name and PIN.
Every change is audited (with the value before and after) by the settings service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.bootstrap import Services
from pos_app.domain.barcodes import SCALE_PRESETS
from pos_app.domain.clock import format_local
from pos_app.domain.errors import InvalidInput, PosError
from pos_app.domain.money import Rounding, format_fen, parse_yuan, quantity_text, weight_figure
from pos_app.domain.permissions import Permission, permissions
from pos_app.domain.text import is_digits
from pos_app.hardware.pole_display import PoleDisplay
from pos_app.hardware.printer import print_test_page
from pos_app.hardware.scale import (
    PROTOCOL_NAMES_EN,
    PROTOCOL_NAMES_ZH,
    SerialScale,
    open_scale,
    serial_ports,
    usable_grams,
)
from pos_app.services.settings import BAUDS, PRINTER_KINDS, SCALE_PROTOCOLS
from pos_app.services.users import UserView
from pos_app.ui.dialogs import ManagerPinDialog
from pos_app.ui.look import current_language, error_text


class SettingsTab(QWidget):
    def __init__(self, services: Services, user: UserView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s, self.user = services, user
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

        # -- the station ----------------------------------------------------------------------------
        self.station_name = QLineEdit()
        self.station_name.setObjectName("stationName")
        self.language = QComboBox()
        self.language.addItems(["中文", "English"])
        self.rounding = QComboBox()
        self._roundings = list(Rounding)
        self.rounding.addItems(
            [
                self.tr("No rounding"),
                self.tr("Drop the fen (¥12.37 → ¥12.30)"),
                self.tr("Drop the jiao (¥12.37 → ¥12.00)"),
                self.tr("Nearest jiao (¥12.35 → ¥12.40)"),
            ]
        )
        self.discount_limit = QLineEdit()
        self.discount_limit.setObjectName("discountLimit")
        self.idle_lock = QLineEdit()
        self.idle_lock.setObjectName("idleLock")
        station_form = QFormLayout()
        station_form.addRow(self.tr("Station name"), self.station_name)
        station_form.addRow(self.tr("Language"), self.language)
        station_form.addRow(self.tr("Rounding"), self.rounding)
        station_form.addRow(self.tr("A cashier's own discount up to (yuan)"), self.discount_limit)
        station_form.addRow(self.tr("Lock after idle (minutes, 0 = never)"), self.idle_lock)
        self.elder_mode = QCheckBox(self.tr("Elder-friendly large type (volunteer's screen, delivery slips)"))
        self.elder_mode.setObjectName("elderMode")
        station_form.addRow(self.elder_mode)
        save_station = self._button(self.tr("Save station settings"), "saveStation", self.save_station)
        station_box = self._box(self.tr("Station"), station_form, save_station)

        # -- the receipt printer ----------------------------------------------------------------------
        self.printer_kind = QComboBox()
        self.printer_kind.setObjectName("printerKind")
        self.printer_kind.addItems(
            [self.tr("None (receipts as PDF)"), self.tr("USB"), self.tr("Network"), self.tr("Device file")]
        )
        self.printer_host = QLineEdit()
        self.printer_host.setPlaceholderText(self.tr("address:port, e.g. 192.168.1.50:9100"))
        self.printer_usb = QLineEdit()
        self.printer_usb.setPlaceholderText(self.tr("vendor:product in hex, e.g. 0416:5011"))
        self.printer_device = QLineEdit()
        self.printer_device.setObjectName("printerDevice")
        self.printer_device.setPlaceholderText("/dev/usb/lp0")
        self.printer_width = QComboBox()
        self.printer_width.addItems(["80 mm", "58 mm"])
        printer_form = QFormLayout()
        printer_form.addRow(self.tr("Printer"), self.printer_kind)
        printer_form.addRow(self.tr("Network"), self.printer_host)
        printer_form.addRow(self.tr("USB"), self.printer_usb)
        printer_form.addRow(self.tr("Device file"), self.printer_device)
        printer_form.addRow(self.tr("Paper width"), self.printer_width)
        save_printer = self._button(self.tr("Save printer"), "savePrinter", self.save_printer)
        test_print = self._button(self.tr("Print a test page"), "testPrint", self.test_print)
        printer_box = self._box(self.tr("Receipt printer"), printer_form, test_print, save_printer)

        # -- scale labels -------------------------------------------------------------------------------
        self.layouts = QPlainTextEdit()
        self.layouts.setObjectName("scaleLayouts")
        self.layouts.setTabChangesFocus(True)
        self.layouts.setMaximumHeight(80)
        self.label_test = QLineEdit()
        self.label_test.setObjectName("labelTest")
        self.label_test.setPlaceholderText(self.tr("Scan a scale label here to see how the till reads it"))
        self.label_test.returnPressed.connect(self.read_label)
        self.label_result = QLabel()
        self.label_result.setObjectName("labelResult")
        self.label_result.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "Pick the format the counter scale prints (its barcode menu says which), or write one: one layout "
                "per line, P item code, W weight (g), A amount (fen), C check digit, digits fixed"
            )
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        self.preset = QComboBox()
        self.preset.setObjectName("scalePreset")
        zh = current_language() == "zh_CN"
        for preset in SCALE_PRESETS:
            self.preset.addItem(preset.name_zh if zh else preset.name_en, preset.pattern)
            self.preset.setItemData(
                self.preset.count() - 1, self.tr("e.g. {0}").format(preset.sample), Qt.ItemDataRole.ToolTipRole
            )
        use_preset = self._button(self.tr("Add this format"), "usePreset", self.add_preset)
        presets = QHBoxLayout()
        presets.addWidget(self.preset, 1)
        presets.addWidget(use_preset)
        scale_form = QVBoxLayout()
        scale_form.addWidget(hint)
        scale_form.addLayout(presets)
        scale_form.addWidget(self.layouts)
        scale_form.addWidget(self.label_test)
        scale_form.addWidget(self.label_result)
        save_layouts = self._button(self.tr("Save scale layouts"), "saveLayouts", self.save_layouts)
        scale_box = self._box(self.tr("Scale labels"), scale_form, save_layouts)

        # -- the counter scale ------------------------------------------------------------------------------
        self.scale_protocol = QComboBox()
        self.scale_protocol.setObjectName("scaleProtocol")
        names = PROTOCOL_NAMES_ZH if zh else PROTOCOL_NAMES_EN
        for code in SCALE_PROTOCOLS:
            self.scale_protocol.addItem(names[code], code)
        self.scale_port = QComboBox()
        self.scale_port.setObjectName("scalePort")
        self.scale_port.setEditable(True)
        self.scale_baud = QComboBox()
        self.scale_baud.setObjectName("scaleBaud")
        for baud in BAUDS:
            self.scale_baud.addItem(str(baud), baud)
        self.scale_readout = QLabel()
        self.scale_readout.setObjectName("scaleLive")
        self.scale_readout.setWordWrap(True)
        scale_hw_form = QFormLayout()
        scale_hw_form.addRow(self.tr("Protocol"), self.scale_protocol)
        scale_hw_form.addRow(self.tr("Serial port"), self.scale_port)
        scale_hw_form.addRow(self.tr("Baud"), self.scale_baud)
        scale_hw_form.addRow(self.scale_readout)
        self.scale_try = self._button(self.tr("Read the scale"), "scaleTry", self.try_scale)
        save_scale = self._button(self.tr("Save scale"), "saveScale", self.save_scale)
        scale_hw_box = self._box(self.tr("Counter scale (serial)"), scale_hw_form, self.scale_try, save_scale)
        self._live_scale: SerialScale | None = None
        self._live_timer = QTimer(self)
        self._live_timer.timeout.connect(self.show_live_weight)

        # -- the customer's display -------------------------------------------------------------------------
        self.display_window = QCheckBox(self.tr("A customer display window on the second monitor"))
        self.display_window.setObjectName("displayWindow")
        self.pole_port = QComboBox()
        self.pole_port.setObjectName("polePort")
        self.pole_port.setEditable(True)
        self.pole_baud = QComboBox()
        for baud in BAUDS:
            self.pole_baud.addItem(str(baud), baud)
        display_form = QFormLayout()
        display_form.addRow(self.display_window)
        display_form.addRow(self.tr("Pole display port (empty: none)"), self.pole_port)
        display_form.addRow(self.tr("Baud"), self.pole_baud)
        test_pole = self._button(self.tr("Test the pole display"), "testPole", self.test_pole)
        save_display = self._button(self.tr("Save customer display"), "saveDisplay", self.save_display)
        display_box = self._box(self.tr("Customer display"), display_form, test_pole, save_display)

        # -- label scales ------------------------------------------------------------------------------------
        self.label_scales = QTableWidget(0, 3)
        self.label_scales.setObjectName("labelScales")
        self.label_scales.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Address"), self.tr("Holds")])
        self.label_scales.verticalHeader().hide()
        self.label_scales.horizontalHeader().setStretchLastSection(True)
        self.label_scales.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.label_scales.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.label_scales.setMaximumHeight(150)
        self.label_scales.setColumnWidth(0, 110)
        self.label_scales.setColumnWidth(1, 200)
        self.label_scale_name = QLineEdit()
        self.label_scale_name.setObjectName("labelScaleName")
        self.label_scale_name.setPlaceholderText(self.tr("name, e.g. 1号秤"))
        self.label_scale_host = QLineEdit()
        self.label_scale_host.setObjectName("labelScaleHost")
        self.label_scale_host.setPlaceholderText(self.tr("address[:port], e.g. 192.168.1.60 (port 4001)"))
        add_row = QHBoxLayout()
        add_row.addWidget(self.label_scale_name, 1)
        add_row.addWidget(self.label_scale_host, 2)
        self.label_scale_note = QLabel()
        self.label_scale_note.setObjectName("muted")
        self.label_scale_note.setWordWrap(True)
        label_scale_form = QVBoxLayout()
        label_scale_form.addWidget(self.label_scales)
        label_scale_form.addLayout(add_row)
        label_scale_form.addWidget(self.label_scale_note)
        add_scale = self._button(self.tr("Add scale"), "addLabelScale", self.add_label_scale)
        remove_scale = self._button(self.tr("Remove"), "removeLabelScale", self.remove_label_scale)
        send_scales = self._button(self.tr("Send PLUs now"), "sendLabelScales", self.send_label_scales)
        self.send_scales_button = send_scales
        label_scale_box = self._box(
            self.tr("Label scales (Dahua TM, network)"), label_scale_form, add_scale, remove_scale, send_scales
        )

        # -- tenders ------------------------------------------------------------------------------------
        self.tenders = QTableWidget(0, 3)
        self.tenders.setObjectName("tenders")
        self.tenders.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Name on screen and receipt"), self.tr("In use")]
        )
        self.tenders.verticalHeader().hide()
        self.tenders.horizontalHeader().setStretchLastSection(True)
        self.tenders.setColumnWidth(1, 170)
        self.tenders.setMaximumHeight(170)
        tender_form = QVBoxLayout()
        tender_form.addWidget(self.tenders)
        save_tenders = self._button(self.tr("Save tenders"), "saveTenders", self.save_tenders)
        tender_box = self._box(self.tr("Tenders"), tender_form, save_tenders)

        # -- income targets -----------------------------------------------------------------------------
        self.target_year = QLineEdit(str(services.today().year))
        self.target_year.setObjectName("targetYear")
        self.target_yuan = QLineEdit()
        self.target_yuan.setObjectName("targetYuan")
        self.targets_shown = QLabel()
        self.targets_shown.setObjectName("muted")
        self.targets_shown.setWordWrap(True)
        target_form = QFormLayout()
        target_form.addRow(self.tr("Year"), self.target_year)
        target_form.addRow(self.tr("A household's yearly income target (yuan)"), self.target_yuan)
        target_form.addRow(self.targets_shown)
        save_target = self._button(self.tr("Save target"), "saveTarget", self.save_target)
        self.target_yuan.returnPressed.connect(self.save_target)
        target_box = self._box(self.tr("Households' income targets"), target_form, save_target)

        self.district_note = QLabel()
        self.district_note.setObjectName("muted")
        self.district_note.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(station_box, 0, 0)
        grid.addWidget(printer_box, 0, 1)
        grid.addWidget(scale_box, 1, 0)
        grid.addWidget(tender_box, 1, 1)
        grid.addWidget(target_box, 2, 0)
        grid.addWidget(self.district_note, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(scale_hw_box, 3, 0)
        grid.addWidget(display_box, 3, 1)
        grid.addWidget(label_scale_box, 4, 0, 1, 2)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self._scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        self.setFocusProxy(self.station_name)
        self.refresh()

    def ensure_visible(self, widget: QWidget) -> None:
        self._scroll.ensureWidgetVisible(widget)

    @staticmethod
    def _button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    @staticmethod
    def _box(title: str, body: QFormLayout | QVBoxLayout, *buttons: QPushButton) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addLayout(body)
        row = QHBoxLayout()
        row.addStretch()
        for b in buttons:
            row.addWidget(b)
        layout.addLayout(row)
        return box

    # -- showing -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        get = self.s.settings.get
        self.station_name.setText(self.s.settings.station_name())
        self.language.setCurrentIndex(1 if get("language") == "en" else 0)
        self.rounding.setCurrentIndex(self._roundings.index(self.s.settings.rounding()))
        self.discount_limit.setText(format_fen(int(get("discount_limit_fen")), symbol=False))
        self.idle_lock.setText(str(get("idle_lock_minutes")))
        self.elder_mode.setChecked(bool(get("elder_mode")))
        printer = get("printer") or {}
        self.printer_kind.setCurrentIndex(PRINTER_KINDS.index(printer.get("kind", "none")))
        host = printer.get("host", "")
        self.printer_host.setText(f"{host}:{printer.get('port', 9100)}" if host else "")
        vendor, product = printer.get("usb_vendor", 0), printer.get("usb_product", 0)
        self.printer_usb.setText(f"{vendor:04x}:{product:04x}" if vendor else "")
        self.printer_device.setText(printer.get("device", ""))
        self.printer_width.setCurrentIndex(1 if printer.get("width_mm", 80) == 58 else 0)
        self.layouts.setPlainText("\n".join(get("scale_layouts")))
        ports = serial_ports()
        scale = get("scale") or {}
        self.scale_protocol.setCurrentIndex(max(0, self.scale_protocol.findData(scale.get("protocol", "none"))))
        self.scale_port.clear()
        self.scale_port.addItems(ports)
        self.scale_port.setCurrentText(scale.get("port", ""))
        self.scale_baud.setCurrentIndex(max(0, self.scale_baud.findData(scale.get("baud", 9600))))
        display = get("customer_display") or {}
        self.display_window.setChecked(bool(display.get("window")))
        self.pole_port.clear()
        self.pole_port.addItems(["", *ports])
        self.pole_port.setCurrentText(display.get("pole_port", ""))
        self.pole_baud.setCurrentIndex(max(0, self.pole_baud.findData(display.get("pole_baud", 2400))))
        self.refresh_label_scales()
        tenders = self.s.settings.tenders()
        self.tenders.setRowCount(len(tenders))
        for r, t in enumerate(tenders):
            code = QTableWidgetItem(t.code)
            code.setFlags(code.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.tenders.setItem(r, 0, code)
            self.tenders.setItem(r, 1, QTableWidgetItem(t.name))
            box = QCheckBox()
            box.setChecked(t.active)
            box.setEnabled(t.kind != "cash")  # cash always stays
            self.tenders.setCellWidget(r, 2, box)
        targets = get("income_targets") or {}
        self.targets_shown.setText(
            " · ".join(f"{y}: {format_fen(v)}" for y, v in sorted(targets.items()))
            or self.tr("No target set: ¥1,000.00 a year is assumed")
        )
        enrolled = self.s.sync.enrollment() is not None
        self.district_note.setText(
            self.tr(
                "This till is enrolled with the district: rounding, the cashier's discount limit, scale layouts, "
                "tenders and income targets the district sets replace the station's at the next sync."
            )
            if enrolled
            else ""
        )

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("error" if error else "ok")
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.message.show()

    def _admin(self, what: str) -> UserView | None:
        """The signed-in administrator, or one who approves this change with name and PIN."""
        if Permission.SETTINGS in permissions(self.user.roles):
            return self.user
        dlg = ManagerPinDialog(self.s.users, what, self, role="admin")
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.approver

    def _done(self, changed: bool, later: bool = False) -> None:
        if not changed:
            self._say(self.tr("Nothing changed"))
        elif later:
            self._say(self.tr("Saved; it takes effect when the app starts next"))
        else:
            self._say(self.tr("Saved"))
        self.refresh()

    # -- saving --------------------------------------------------------------------------------------
    def save_station(self) -> None:
        try:
            limit = parse_yuan(self.discount_limit.text())
            idle = self.idle_lock.text().strip()
            if not is_digits(idle):
                raise InvalidInput(what=self.tr("minutes: a whole number"), what_zh=self.tr("minutes: a whole number"))
            by = self._admin(self.tr("change the station settings"))
            if by is None:
                return
            before_name = self.s.settings.station_name()
            self.s.settings.rename_station(self.station_name.text(), by)
            later = self.s.settings.station_name() != before_name
            if self.s.settings.change("language", "en" if self.language.currentIndex() == 1 else "zh_CN", by):
                later = True
            changed = later
            changed |= self.s.settings.change("rounding", self._roundings[self.rounding.currentIndex()].value, by)
            changed |= self.s.settings.change("discount_limit_fen", limit, by)
            changed |= self.s.settings.change("idle_lock_minutes", int(idle), by)
            changed |= self.s.settings.change("elder_mode", self.elder_mode.isChecked(), by)
        except PosError as exc:
            self._say(error_text(exc), error=True)
            return
        self._done(changed, later)

    def _printer_value(self) -> dict[str, object]:
        kind = PRINTER_KINDS[self.printer_kind.currentIndex()]
        value: dict[str, object] = {"kind": kind, "width_mm": 58 if self.printer_width.currentIndex() == 1 else 80}
        if kind == "network":
            host, _, port = self.printer_host.text().strip().partition(":")
            if not host or (port and not is_digits(port)):
                raise InvalidInput(what=self.tr("printer address"), what_zh=self.tr("printer address"))
            value.update(host=host, port=int(port or 9100))
        elif kind == "usb":
            vendor, _, product = self.printer_usb.text().strip().partition(":")
            try:
                value.update(usb_vendor=int(vendor, 16), usb_product=int(product, 16))
            except ValueError as exc:
                raise InvalidInput(what=self.tr("USB vendor:product"), what_zh=self.tr("USB vendor:product")) from exc
        elif kind == "file":
            value.update(device=self.printer_device.text().strip())
        return value

    def _save(self, key: str, value: Callable[[], object], what: str, later: bool = False) -> None:
        """One setting from its form: the value read and checked (refused before anyone is asked for
        a PIN), an administrator approves, the settings service changes and audits it."""
        try:
            v = value()
            self.s.settings.check(key, v)
            by = self._admin(what)
            if by is None:
                return
            changed = self.s.settings.change(key, v, by)
        except PosError as exc:
            self._say(error_text(exc), error=True)
            return
        self._done(changed, later)

    def save_printer(self) -> None:
        self._save("printer", self._printer_value, self.tr("change the receipt printer"), later=True)

    def test_print(self) -> None:
        """A test page on the printer as the form describes it (saved or not)."""
        try:
            when = format_local(datetime.now(UTC), "%Y-%m-%d %H:%M")
            print_test_page(self._printer_value(), self.s.settings.station_name(), when)
        except PosError as exc:
            self._say(error_text(exc), error=True)
            return
        self._say(self.tr("Test page sent: check the Chinese text, the full-width line and the cut"))

    def add_preset(self) -> None:
        """The picked format joins the layouts (saved with Save; two that read the same labels are refused)."""
        pattern = str(self.preset.currentData())
        if pattern not in self._patterns():
            self.layouts.setPlainText("\n".join([*self._patterns(), pattern]))
        self.label_test.setFocus()

    def _patterns(self) -> list[str]:
        return [line.strip() for line in self.layouts.toPlainText().splitlines() if line.strip()]

    def read_label(self) -> None:
        text = self.label_test.text()
        self.label_test.selectAll()
        try:
            r = self.s.catalog.read_label(text, self._patterns())
        except PosError as exc:
            self.label_result.setObjectName("error")
            self.label_result.setStyleSheet("")
            self.label_result.setText(error_text(exc))
            return
        parts = [self.tr("Layout {0}").format(r.layout), self.tr("item {0}").format(r.plu)]
        unit = "kg"
        if r.product is not None:
            parts.append(r.product.name)
            unit = r.product.unit_label
        else:
            parts.append(self.tr("no product has this item code"))
        if r.weight_g is not None:
            parts.append(quantity_text(r.weight_g, True, unit))
        if r.amount_fen is not None:
            parts.append(format_fen(r.amount_fen))
        self.label_result.setObjectName("ok")
        self.label_result.setStyleSheet("")
        self.label_result.setText(" · ".join(parts))

    def save_layouts(self) -> None:
        self._save("scale_layouts", self._patterns, self.tr("change the scale layouts"))

    # -- the counter scale ---------------------------------------------------------------------------------
    def _scale_value(self) -> dict[str, object]:
        return {
            "protocol": str(self.scale_protocol.currentData()),
            "port": self.scale_port.currentText().strip(),
            "baud": int(self.scale_baud.currentData()),
        }

    def save_scale(self) -> None:
        self._save("scale", self._scale_value, self.tr("change the counter scale"), later=True)

    def try_scale(self) -> None:
        """Read the scale as the form describes it (saved or not): the live weight under the form,
        until pressed again or the settings close."""
        if self._live_scale is not None:
            self.stop_live_scale()
            return
        value = self._scale_value()
        try:
            self.s.settings.check("scale", value)
        except PosError as exc:
            self._say(error_text(exc), error=True)
            return
        scale = open_scale(value)
        if scale is None:
            self.scale_readout.setText(self.tr("No scale is set: the cashier types weights"))
            return
        self._live_scale = scale
        self.scale_try.setText(self.tr("Stop reading"))
        self._live_timer.start(200)
        self.show_live_weight()

    def stop_live_scale(self) -> None:
        self._live_timer.stop()
        if self._live_scale is not None:
            self._live_scale.close()
            self._live_scale = None
        self.scale_try.setText(self.tr("Read the scale"))

    def show_live_weight(self) -> None:
        scale = self._live_scale
        if scale is None:
            return
        reading = scale.latest()
        if reading is None:
            why = scale.error or self.tr("nothing received: check the port, the baud and the scale's output mode")
            self.scale_readout.setText(self.tr("No data: {0}").format(why))
            return
        state = [f"{weight_figure(reading.net_g, 'kg')} kg" if reading.unit != "lb" else reading.unit]
        state.append(self.tr("stable") if reading.stable else self.tr("moving"))
        if reading.tare_g:
            state.append(self.tr("tare {0} g").format(reading.tare_g))
        if reading.overload:
            state.append(self.tr("overloaded"))
        try:
            usable_grams(reading)
            state.append(self.tr("the till would take it"))
        except PosError as exc:
            state.append(error_text(exc))
        self.scale_readout.setText(" · ".join(state))

    def hideEvent(self, event: QHideEvent) -> None:
        self.stop_live_scale()  # the port is the till's again
        super().hideEvent(event)

    # -- the customer's display --------------------------------------------------------------------------
    def _display_value(self) -> dict[str, object]:
        return {
            "window": self.display_window.isChecked(),
            "pole_port": self.pole_port.currentText().strip(),
            "pole_baud": int(self.pole_baud.currentData()),
        }

    def save_display(self) -> None:
        self._save("customer_display", self._display_value, self.tr("change the customer display"), later=True)

    def test_pole(self) -> None:
        """¥8,888.88 with the total light for three seconds: every segment and the line are seen to work."""
        port = self.pole_port.currentText().strip()
        if not port:
            self._say(self.tr("No pole display port is set"), error=True)
            return
        pole = PoleDisplay(port, int(self.pole_baud.currentData()))
        pole.show("total", 888_888)
        QTimer.singleShot(3000, pole.close)
        self._say(self.tr("Sent ¥8888.88 to the pole display: every segment should light"))

    # -- label scales ------------------------------------------------------------------------------------
    def refresh_label_scales(self) -> None:
        views = self.s.label_scales.scales()
        zh = current_language() == "zh_CN"
        self.label_scales.setRowCount(len(views))
        for r, v in enumerate(views):
            if v.error:
                state = self.tr("failed: {0}").format(v.error_zh if zh else v.error)
            elif v.sent_at is None:
                state = self.tr("never sent")
            else:
                sent = format_local(v.sent_at, "%m-%d %H:%M")
                state = self.tr("up to date: {0} PLUs, {1}") if v.up_to_date else self.tr("out of date (sent {1})")
                state = state.format(v.count, sent)
            for c, text in enumerate((v.name, f"{v.host}:{v.port}", state)):
                self.label_scales.setItem(r, c, QTableWidgetItem(text))
        try:
            d = self.s.label_scales.download()
        except PosError as exc:
            self.label_scale_note.setText(error_text(exc))
            return
        note = self.tr("{0} PLUs to send, labels in the format {1}").format(len(d.records), d.layout)
        if d.skipped:
            note += self.tr("; left out: {0}").format(
                "、".join(f"{x.name} ({x.reason_zh if zh else x.reason})" for x in d.skipped[:5])
            )
        if d.replaced:
            note += self.tr("; printed with □ for a character the scale lacks: {0}").format("、".join(d.replaced[:5]))
        self.label_scale_note.setText(note)

    def add_label_scale(self) -> None:
        host, _, port = self.label_scale_host.text().strip().partition(":")
        try:
            if not host or (port and not is_digits(port)):
                raise InvalidInput(what=self.tr("label scale address"), what_zh=self.tr("label scale address"))
            by = self._admin(self.tr("add a label scale"))
            if by is None:
                return
            self.s.label_scales.add(self.label_scale_name.text(), host, int(port or 4001), by)
        except PosError as exc:
            self._say(error_text(exc), error=True)
            return
        self.label_scale_name.clear()
        self.label_scale_host.clear()
        self._say(self.tr("Label scale added: send it the PLUs now, or the till does within a minute"))
        self.refresh_label_scales()

    def remove_label_scale(self) -> None:
        rows = self.label_scales.selectionModel().selectedRows()
        item = self.label_scales.item(rows[0].row(), 0) if rows else None
        if item is None:
            self._say(self.tr("Choose a label scale first"), error=True)
            return
        try:
            by = self._admin(self.tr("remove a label scale"))
            if by is None:
                return
            self.s.label_scales.remove(item.text(), by)
        except PosError as exc:
            self._say(error_text(exc), error=True)
            return
        self._done(True)

    def send_label_scales(self) -> None:
        try:
            results = self.s.label_scales.send()
        except PosError as exc:
            self._say(error_text(exc), error=True)
            return
        failed = [error_text(e) for _, e in results if e is not None]
        if not results:
            self._say(self.tr("No label scale is set"), error=True)
        elif failed:
            self._say("\n".join(failed), error=True)
        else:
            self._say(self.tr("Sent to {0} label scale(s)").format(len(results)))
        self.refresh_label_scales()

    def save_tenders(self) -> None:
        by = self._admin(self.tr("change the tenders"))
        if by is None:
            return
        changed = False
        try:
            for r in range(self.tenders.rowCount()):
                code, name = self.tenders.item(r, 0), self.tenders.item(r, 1)
                box = self.tenders.cellWidget(r, 2)
                assert code is not None and name is not None and isinstance(box, QCheckBox)
                changed |= self.s.settings.set_tender(code.text(), name=name.text(), active=box.isChecked(), by=by)
        except PosError as exc:
            self._say(error_text(exc), error=True)
            return
        self._done(changed)

    def save_target(self) -> None:
        try:
            year = self.target_year.text().strip()
            fen = parse_yuan(self.target_yuan.text())
            targets = dict(self.s.settings.get("income_targets") or {})
            targets[year] = fen
            self.s.settings.check("income_targets", targets)
            by = self._admin(self.tr("change the income target"))
            if by is None:
                return
            changed = self.s.settings.change("income_targets", targets, by)
        except PosError as exc:
            self._say(error_text(exc), error=True)
            return
        self.target_yuan.clear()
        self._done(changed)
