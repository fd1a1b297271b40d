"""The main window. It talks to services only."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from pos_app.bootstrap import Services


class MainWindow(QMainWindow):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self._services = services
        st = services.station
        self.setWindowTitle(self.tr("扶贫 POS — {0}").format(st.station_name))
        body = QWidget()
        layout = QVBoxLayout(body)
        shift = services.shifts.current()
        layout.addWidget(QLabel(f"{st.station_name} · {st.station_code}-{st.terminal_no:02d}"))
        layout.addWidget(QLabel(self.tr("Products: {0}").format(services.catalog.count())))
        layout.addWidget(QLabel(self.tr("Shift open") if shift else self.tr("No shift open")))
        self.setCentralWidget(body)
        self.resize(1024, 700)
