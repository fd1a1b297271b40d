"""Secrets: PIN and password hashes (scrypt); sensitive fields at rest (AES-GCM encryption, a keyed
hash for exact look-up, the last 4 for display).

The key file lives beside the station database (``keys/<db>.key``, owner-only permissions). Back it
up with the database: without it the encrypted fields cannot be read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
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

    def lookup_hash(self, plain: str) -> str:
        return hmac.new(self._mac_key, plain.encode(), hashlib.sha256).hexdigest()
