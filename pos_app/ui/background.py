"""Run slow calls (printing, reports, sync, index warm-up) off the UI thread.

``Background.run(fn, on_done, on_error)``: ``fn`` runs on a worker thread; the callbacks run on the
UI thread. ``wait()`` lets tests and shutdown drain the queue.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

log = logging.getLogger("pos.ui")


class MainThreadGC(QObject):
    """Python's cyclic collector may run in whatever thread happens to allocate, and then finalises Qt
    wrappers that belong to the UI thread: a crash. Collect on the UI thread only, on a timer (the
    approach Anki takes)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 5000) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    def collect(self) -> None:
        gc.collect()

    def stop(self) -> None:
        """The event loop is over: back to Python's own collector (a second run in the same process,
        as tests do, starts its own)."""
        self._timer.stop()
        self.setParent(None)
        gc.enable()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Background(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._live: set[_Signals] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        signals = _Signals()
        self._live.add(signals)

        def finish(result: Any) -> None:
            self._live.discard(signals)
            if on_done:
                on_done(result)

        def fail(exc: BaseException) -> None:
            self._live.discard(signals)
            if on_error:
                on_error(exc)
            else:
                log.error("background job failed: %s", exc, exc_info=exc)

        signals.done.connect(finish)
        signals.failed.connect(fail)

        def job() -> None:  # a plain callable: no Python QRunnable for Qt to delete behind our back
            try:
                result = fn()
            except BaseException as exc:  # reported on the UI thread
                signals.failed.emit(exc)
            else:
                signals.done.emit(result)

        self._pool.start(job)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)
