"""Encryption at rest: AES-256-GCM under a key kept in a file beside the database.

Every encrypted value is `version byte | 12-byte random nonce | ciphertext+tag`,
and its purpose ("report", "journal", ...) is bound in as associated data,
so a value copied into another column does not decrypt. The key file is
created once, with mode 0600; the database holds only a check value that
tells a wrong key from the right one.
"""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from candor.errors import CandorError

VERSION = b"\x01"
_PREFIX = "candor-key-1:"
_HEADER = (
    "# Candor's encryption key for the sessions, reviews and journal stored in its database.\n"
    "# Keep it private (mode 0600) and back it up with the database: without it nothing stored can be read.\n"
)
CHECK_TEXT = "candor key check"


class Cipher:
    def __init__(self, key: bytes):
        if len(key) != 32:
            raise ValueError("AES-256 needs a 32-byte key")
        self._aead = AESGCM(key)

    def encrypt(self, text: str, purpose: str) -> bytes:
        nonce = os.urandom(12)
        return VERSION + nonce + self._aead.encrypt(nonce, text.encode("utf-8"), purpose.encode())

    def decrypt(self, blob: bytes, purpose: str) -> str:
        blob = bytes(blob)
        if blob[:1] != VERSION:
            raise CandorError("a stored value is not in a format this Candor can read; is the database from a newer Candor?")
        try:
            return self._aead.decrypt(blob[1:13], blob[13:], purpose.encode()).decode("utf-8")
        except InvalidTag:
            raise CandorError(
                "a stored value cannot be decrypted with this key file; the database and key file do not belong together"
            ) from None


def read_key(path: Path) -> bytes:
    """The key in `path`; refuses a file other users can read, and anything that is not a Candor key."""
    try:
        mode = path.stat().st_mode
        lines = path.read_text(encoding="ascii").splitlines()
    except FileNotFoundError:
        raise CandorError(f"no key file at {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CandorError(f"cannot read the key file {path} ({getattr(err, 'strerror', None) or err})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CandorError(f"the key file {path} can be read by other users; run: chmod 600 {path}")
    body = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    key = b""
    if len(body) == 1 and body[0].startswith(_PREFIX):
        try:
            key = base64.urlsafe_b64decode(body[0][len(_PREFIX):])
        except ValueError:
            pass
    if len(key) != 32:
        raise CandorError(f"{path} is not a Candor key file; give the key file made with this database (--key-file)")
    return key


def create_key(path: Path) -> bytes | None:
    """Write a new random key to `path` with mode 0600; None if the file appeared meanwhile."""
    key = AESGCM.generate_key(bit_length=256)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    except OSError as err:
        raise CandorError(f"cannot create the key file {path} ({err.strerror or err}); choose another place with --key-file") from None
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(_HEADER + _PREFIX + base64.urlsafe_b64encode(key).decode("ascii") + "\n")
        f.flush()
        os.fsync(f.fileno())
    return key


def load_or_create(path: Path, may_create: bool) -> tuple[bytes, bool]:
    """(key, created): the key in `path`, or, when `may_create`, a new one written there."""
    if may_create and not path.exists():
        key = create_key(path)
        if key is not None:
            return key, True
    return read_key(path), False
