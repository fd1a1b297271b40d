"""Secrets: PIN and password hashes (scrypt, keyed with a pepper from the key file); sensitive fields
at rest (AES-GCM encryption, a keyed hash for exact look-up, the last 4 for display).

The key file lives beside the station database (``keys/<db>.key``, owner-only permissions). Back it
up with the database: without it the encrypted fields cannot be read, and no PIN can be checked.
A key is made once, for a new database; a database that has one records the key's check value
(``check_value``) so that a lost or swapped key file is told, never replaced (docs/security.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pos_app.domain.errors import KeyMismatch, KeyMissing, StorageError
from pos_app.files import private_dir

PREFIX = "v1:"
_N, _R, _P = 2**14, 8, 1
KEYED = "scrypt-k"  # a hash keyed with the key file's pepper: the database alone cannot test a guess


def _prepared(secret: str, pepper: bytes | None) -> bytes:
    return hmac.new(pepper, secret.encode(), hashlib.sha256).digest() if pepper else secret.encode()


def hash_secret(secret: str, pepper: bytes | None = None) -> str:
    """scrypt with a random salt (station PINs, district admin passwords); with ``pepper`` the secret
    is first keyed with it (HMAC-SHA256), so a copied database without its key file gives up
    nothing to a guessing loop, however short the PIN."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(_prepared(secret, pepper), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    kind = KEYED if pepper else "scrypt"
    return f"{kind}${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def is_keyed(stored: str) -> bool:
    return stored.startswith(KEYED + "$")


def check_secret(secret: str, stored: str, pepper: bytes | None = None) -> bool:
    """Whether ``secret`` is the one ``stored`` was made from; a keyed hash needs the pepper (an
    older unkeyed one is still checked, to be re-made keyed at the next sign-in)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind == KEYED and not pepper:
            return False
        material = _prepared(secret, pepper if kind == KEYED else None)
        got = hashlib.scrypt(material, salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


class FieldCipher:
    def __init__(self, key_material: bytes) -> None:
        if len(key_material) != 64:
            raise StorageError(reason="the key file is damaged (expected 64 bytes)")
        self._aead = AESGCM(key_material[:32])
        self._mac_key = key_material[32:]

    @classmethod
    def load(cls, path: Path) -> FieldCipher:
        try:
            return cls(path.read_bytes())
        except OSError as exc:
            raise StorageError(reason=f"the key file {path} cannot be read ({exc.strerror})") from exc

    @classmethod
    def create(cls, path: Path) -> FieldCipher:
        """A new key in a new owner-only file (never over an existing one)."""
        private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(64))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(path, 0o600)
        return cls(path.read_bytes())

    def check_value(self) -> str:
        """What a database records to recognise its key (not the key: a keyed hash of a constant)."""
        return hmac.new(self._mac_key, b"key-check", hashlib.sha256).hexdigest()[:32]

    def pepper(self) -> bytes:
        """The secret PIN hashes are keyed with (kept only in the key file)."""
        return hmac.new(self._mac_key, b"pin-pepper", hashlib.sha256).digest()

    @staticmethod
    def key_path_for(db_file: Path) -> Path:
        return db_file.parent / "keys" / f"{db_file.stem}.key"

    def encrypt(self, plain: str, context: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, plain.encode(), context.encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode()

    def decrypt(self, token: str, context: str) -> str:
        if not token.startswith(PREFIX):
            raise StorageError(reason="unknown encryption format")
        raw = base64.b64decode(token[len(PREFIX) :])
        return self._aead.decrypt(raw[:12], raw[12:], context.encode()).decode()

    def chain_key(self, anchor: Path) -> ChainKey:
        """The audit chain's key (derived from this key file, so the database alone cannot forge a
        link) and the anchor file that remembers the chain's newest entry."""
        return ChainKey(hmac.new(self._mac_key, b"audit-chain", hashlib.sha256).digest(), anchor)

    def lookup_hash(self, plain: str) -> str:
        return hmac.new(self._mac_key, plain.encode(), hashlib.sha256).hexdigest()


def open_checked_key(
    path: Path,
    check: str | None,
    sealed: Callable[[], bool],
    backup: Callable[[], Path | None],
    *,
    server: bool = False,
) -> tuple[FieldCipher, bool]:
    """The key in ``path`` for a database that records ``check`` (its key's check value, None when it
    has recorded none yet): made only when there is no key file and nothing is ``sealed`` under a
    key; a missing or different key refuses, naming the ``backup`` key copy that is the right one.
    The station and the district server both open their keys so. Returns (cipher, made now)."""
    if not path.exists():
        if check or sealed():
            raise KeyMissing(path=path, backup=backup(), server=server)
        return FieldCipher.create(path), True
    cipher = FieldCipher.load(path)
    if check and not hmac.compare_digest(cipher.check_value(), check):
        raise KeyMismatch(path=path, backup=backup())
    return cipher, False


class ChainKey:
    """Keys the audit chain and keeps its anchor: the newest entry's position and hash, in a file
    beside the key file, sealed with the same key (``keyed_from`` is the first keyed entry: older
    entries were chained with a plain SHA-256 before the chain was keyed)."""

    def __init__(self, key: bytes, anchor: Path) -> None:
        self._key = key
        self.anchor = anchor

    def link(self, prev_hash: str, text: str) -> str:
        return hmac.new(self._key, (prev_hash + text).encode(), hashlib.sha256).hexdigest()

    def _seal(self, keyed_from: int, seq: int, last_hash: str) -> str:
        return hmac.new(self._key, f"anchor:{keyed_from}:{seq}:{last_hash}".encode(), hashlib.sha256).hexdigest()

    def write_anchor(self, keyed_from: int, seq: int, last_hash: str) -> None:
        body = {"keyed_from": keyed_from, "seq": seq, "hash": last_hash, "seal": self._seal(keyed_from, seq, last_hash)}
        tmp = self.anchor.with_suffix(".anchor-new")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(body, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.anchor)

    def read_anchor(self) -> tuple[int, int, str] | None:
        """(keyed_from, seq, hash), or None when there is no anchor; a forged or damaged one raises."""
        if not self.anchor.exists():
            return None
        try:
            body = json.loads(self.anchor.read_text())
            keyed_from, seq, last_hash = int(body["keyed_from"]), int(body["seq"]), str(body["hash"])
            sealed = hmac.compare_digest(str(body["seal"]), self._seal(keyed_from, seq, last_hash))
        except (ValueError, KeyError, TypeError) as exc:
            raise StorageError(reason="the audit anchor file is damaged") from exc
        if not sealed:
            raise StorageError(reason="the audit anchor file was not written by this station")
        return keyed_from, seq, last_hash
