"""The station's key: made once, for a new station file; afterwards read, checked against the
check value the file records, and never replaced. A lost or swapped key file stops the station
with a message that names the latest backup holding the right key (docs/security.md)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, or_, select

from pos_app.crypto import KEYED, FieldCipher, open_checked_key
from pos_app.domain.errors import StorageError
from pos_app.store.models import AppUser, Household
from pos_app.store.settings import read_setting, write_setting
from pos_app.store.uow import Database

CHECK_SETTING = "key_check"


@dataclass(frozen=True)
class KeyState:
    path: Path
    fingerprint: str  # the first characters of the check value: enough to tell two keys apart
    made_now: bool  # this opening made the key (a new station)


def _sealed_data(db: Database) -> bool:
    """Whether the file holds anything sealed with a key: encrypted household numbers, keyed PINs."""
    with db.uow() as uow:
        s = uow.session
        enc = s.execute(
            select(func.count())
            .select_from(Household)
            .where(or_(Household.id_number_enc.is_not(None), Household.bank_account_enc.is_not(None)))
        ).scalar_one()
        keyed = s.execute(
            select(func.count()).select_from(AppUser).where(AppUser.pin_hash.like(f"{KEYED}$%"))
        ).scalar_one()
    return bool(enc or keyed)


def _matching_backup(backups: list[Path], check: str | None) -> Path | None:
    """The newest backup key file whose key is the one ``check`` records (any, when none is recorded)."""
    for key in reversed(backups):
        try:
            cipher = FieldCipher.load(key)
        except StorageError:
            continue
        if check is None or hmac.compare_digest(cipher.check_value(), check):
            return key
    return None


def open_key(db: Database, key_file: Path, backup_keys: list[Path]) -> tuple[FieldCipher, KeyState]:
    """The station's key, checked; made only for a file that holds nothing under a key yet.
    ``backup_keys``: the key copies kept with the backups, oldest first."""
    with db.uow() as uow:
        check = read_setting(uow.session, CHECK_SETTING)
    cipher, made = open_checked_key(
        key_file, check, lambda: _sealed_data(db), lambda: _matching_backup(backup_keys, check)
    )
    if not check:  # a new station, or one from before the check was kept: record it now
        with db.uow(write=True) as uow:
            write_setting(uow.session, CHECK_SETTING, cipher.check_value())
            uow.commit()
    return cipher, KeyState(key_file, cipher.check_value()[:8], made)
