"""Secrets: PIN and password hashes (scrypt); sensitive fields at rest (AES-GCM encryption, a keyed
hash for exact look-up, the last 4 for display).

The key file lives beside the station database (``keys/<db>.key``, owner-only permissions). Back it
up with the database: without it the encrypted fields cannot be read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pos_app.domain.errors import StorageError

PREFIX = "v1:"
_N, _R, _P = 2**14, 8, 1


def hash_secret(secret: str) -> str:
    """scrypt with a random salt: station PINs and district admin passwords."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_secret(secret: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(secret.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32)
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
    def from_key_file(cls, path: Path) -> FieldCipher:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(path.parent, 0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(64))
        return cls(path.read_bytes())

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
