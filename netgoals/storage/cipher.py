"""Encrypted databases: SQLCipher 4, through the optional `sqlcipher3` library.

A passphrase is turned into a key once per file (PBKDF2-HMAC-SHA512, 256,000 rounds, the
file's own salt: what SQLCipher 4 itself does) and every connection is then given that key
directly, so opening a second or third connection costs no key derivation. The passphrase is
only ever a parameter: it is never stored, and neither it nor its key appears in a repr, a
message or SQL text.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

from netgoals.core.errors import NetgoalsError

EXTRA = "netgoals[encrypted]"
INSTALL = f"pip install '{EXTRA}'"
# The first 16 bytes of a plain SQLite file, where an encrypted one keeps its salt.
PLAIN_HEADER = b"SQLite format 3\x00"
# SQLCipher 4's defaults, which the key derivation below must agree with.
KDF_ROUNDS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16
PAGE_SIZE = 4096


class MissingExtra(NetgoalsError):
    """The encryption library is not installed."""


class Errors:
    """The database error classes of every SQLite library in use: the standard library's, and
    SQLCipher's once it is loaded. Read the attributes when catching (`except
    errors.OperationalError`), never copy them: they grow when SQLCipher is loaded."""

    Error: tuple[type[Exception], ...] = (sqlite3.Error,)
    DatabaseError: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
    OperationalError: tuple[type[Exception], ...] = (sqlite3.OperationalError,)


errors = Errors


class Passphrase:
    """A passphrase, kept out of sight: its repr and str hide it, it cannot be pickled, and
    what it opens is reached through `key_for`."""

    __slots__ = ("_keys", "_secret")

    def __init__(self, secret: str) -> None:
        if not secret:
            raise NetgoalsError("the passphrase is empty")
        if "\x00" in secret:
            raise NetgoalsError("a passphrase cannot hold a NUL character")
        self._secret = secret.encode("utf-8")
        self._keys: dict[bytes, str] = {}

    def __repr__(self) -> str:
        return "Passphrase(hidden)"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        raise TypeError("a passphrase is not pickled")

    def key_for(self, salt: bytes) -> str:
        """The raw key SQLCipher 4 derives from this passphrase for a file with `salt`, as
        the value of `PRAGMA key` (a blob literal holding the key and the salt)."""
        key = self._keys.get(salt)
        if key is None:
            import hashlib  # only for an encrypted file: a plain start-up does not load it

            derived = hashlib.pbkdf2_hmac("sha512", self._secret, salt, KDF_ROUNDS, KEY_BYTES)
            key = f"x'{derived.hex()}{salt.hex()}'"
            self._keys[salt] = key
        return key


def available() -> bool:
    """Whether the encryption library is installed (without importing it)."""
    from importlib.util import find_spec

    try:
        return find_spec("sqlcipher3") is not None
    except (ImportError, ValueError):
        return False


@cache
def _load() -> ModuleType:
    import sqlcipher3.dbapi2 as module  # raises ImportError without the extra

    conn = module.connect(":memory:")
    try:
        # SQLCipher writes its own log to standard error (a wrong key is "logged" there):
        # nothing of it may reach the terminal.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA cipher_default_compatibility = 4")
    finally:
        conn.close()
    Errors.Error = (sqlite3.Error, module.Error)
    Errors.DatabaseError = (sqlite3.DatabaseError, module.DatabaseError)
    Errors.OperationalError = (sqlite3.OperationalError, module.OperationalError)
    return module


def sqlcipher(what: str) -> ModuleType:
    """The SQLCipher library, or MissingExtra saying that `what` needs it and how to get it."""
    try:
        return _load()
    except ImportError:
        raise MissingExtra(
            f"{what} needs the encryption extra, which is not installed: {INSTALL}"
        ) from None


def row_type(conn: Any) -> Any:
    """The row class of the library `conn` belongs to (each library accepts only its own)."""
    if isinstance(conn, sqlite3.Connection):
        return sqlite3.Row
    return _load().Row


def is_encrypted(conn: Any) -> bool:
    """Whether `conn` is a connection of the SQLCipher library."""
    return not isinstance(conn, sqlite3.Connection)


def salt_of(path: Path) -> bytes:
    """The first 16 bytes of the database `path` as SQLCipher reads them: an encrypted
    file's salt, or PLAIN_HEADER for a plain one. Read through SQLite (never by opening the
    file here: see database._inspect), without deriving any key."""
    module = sqlcipher(f"{path} is encrypted or not an SQLite file: opening it")
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro&immutable=1"
    conn = module.connect(uri, uri=True)
    try:
        conn.execute("PRAGMA key = \"x'00'\"")  # any key: the salt is read before any check
        (found,) = conn.execute("PRAGMA cipher_salt").fetchone()
    finally:
        conn.close()
    return bytes.fromhex(found or "")


def connect_keyed(target: str, passphrase: Passphrase, salt: bytes, **options: Any) -> Any:
    """A SQLCipher connection to `target` (a path, or a URI with `uri=True`), keyed."""
    module = sqlcipher(f"{target}: opening an encrypted database")
    conn = module.connect(target, **options)
    try:
        conn.execute(f'PRAGMA key = "{passphrase.key_for(salt)}"')
    except BaseException:
        conn.close()
        raise
    return conn
