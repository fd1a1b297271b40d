"""The jobs a till does once a business day: a backup, and dropping outbox copies the district
acknowledged long ago. Each is idempotent within its day, so running them again is harmless."""

from __future__ import annotations

from pos_app.services.backup import BackupService
from pos_app.services.sync import SyncService


class DailyJobs:
    def __init__(self, backup: BackupService, sync: SyncService) -> None:
        self._backup = backup
        self._sync = sync

    def run(self) -> None:
        self._backup.daily()
        self._sync.prune_acknowledged()
