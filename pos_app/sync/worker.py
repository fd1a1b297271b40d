"""The background sync loop: a thread with its own database connections, never the UI thread.

After a success it waits ``interval`` seconds (or until woken, e.g. by a sale); after a failure it
backs off exponentially with jitter, so a hundred stations coming back online at once do not all
knock at the same second.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

from pos_app.domain.errors import PosError
from pos_app.sync.client import SyncClient, SyncReport

log = logging.getLogger("pos.sync")


def backoff_delay(
    failures: int, *, base: float = 2.0, cap: float = 300.0, rnd: Callable[[], float] = random.random
) -> float:
    """Seconds to wait after the n-th failure in a row: full exponential, capped, jittered into [½, 1]×."""
    if failures <= 0:
        return 0.0
    step: float = base * 2.0 ** min(failures - 1, 30)
    return min(cap, step) * (0.5 + rnd() / 2)


class SyncWorker:
    def __init__(
        self,
        client: SyncClient,
        *,
        interval: float = 30.0,
        on_done: Callable[[SyncReport | None, str], None] | None = None,
    ) -> None:
        self._client = client
        self._interval = interval
        self._on_done = on_done
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pos-sync", daemon=True)
        self.failures = 0

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Sync soon (a sale was made, or a manager pressed "sync now")."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            report: SyncReport | None = None
            error = ""
            try:
                report = self._client.sync_once()
                self.failures = 0
            except PosError as exc:
                self.failures += 1
                error = exc.message_zh
                log.info("sync failed (%d in a row): %s", self.failures, exc.message)
            except Exception as exc:  # a bug must not kill the loop: log it, back off, try again
                self.failures += 1
                error = f"{type(exc).__name__}"
                log.exception("sync failed unexpectedly")
            if self._on_done is not None:
                self._on_done(report, error)
            delay = backoff_delay(self.failures) if self.failures else self._interval
            self._wake.wait(delay)
            self._wake.clear()
