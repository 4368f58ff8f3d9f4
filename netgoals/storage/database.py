"""Opening a netgoals file safely: create it private, refuse what is not ours, migrate with a copy.

Every check that can refuse a file runs on a read-only connection before anything is written,
so a refused file is left byte-identical.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from netgoals.core.errors import NetgoalsError
from netgoals.storage.schema import APPLICATION_ID, MIGRATION_NAMES, MIGRATION_SET, migrations

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def _shown(path: Path) -> str:
    return str(path)


def _read_only_uri(path: Path) -> str:
    # immutable: the look creates no -wal or -shm file beside a file it may refuse
    return "file:" + quote(str(path.resolve())) + "?mode=ro&immutable=1"


def _inspect(path: Path) -> list[str]:
    """The migrations already applied to an existing file, or NetgoalsError if it is not ours."""
    shown = _shown(path)
    if path.is_dir():
        raise NetgoalsError(f"{shown} is a folder, not a netgoals database")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError:
        raise NetgoalsError(f"{shown} cannot be read (permission denied)") from None
    except OSError as error:
        raise NetgoalsError(f"{shown} cannot be read ({error.strerror})") from None
    if not header:
        raise NetgoalsError(f"{shown} is an empty file, not a netgoals database")
    if header != SQLITE_HEADER:
        raise NetgoalsError(f"{shown} is not a netgoals database (it is not an SQLite file)")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise NetgoalsError(f"{shown} is read-only: netgoals needs to write to it and its folder")
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        raise NetgoalsError(f"{shown} cannot be opened ({error})") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        if app_id != APPLICATION_ID:
            raise NetgoalsError(
                f"{shown} is an SQLite database of another program, not a netgoals database"
            )
        (user_version,) = conn.execute("PRAGMA user_version").fetchone()
        applied = applied_migrations(conn)
        unknown = [name for name in applied if name not in MIGRATION_NAMES]
        if unknown or user_version > len(MIGRATION_NAMES):
            raise NetgoalsError(
                f"{shown} was written by a newer version of netgoals; upgrade netgoals to open it"
            )
        return applied
    except sqlite3.DatabaseError as error:
        raise NetgoalsError(f"{shown} is damaged or not a netgoals database ({error})") from None
    finally:
        conn.close()


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations already applied to the database, in order."""
    has_log = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not has_log:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [row[0] for row in rows]


def _migrate(conn: sqlite3.Connection) -> None:
    from sqlite_utils import Database

    migrations().apply(Database(conn, execute_plugins=False, recursive_triggers=False))
    conn.execute(f"PRAGMA user_version = {len(MIGRATION_NAMES)}")


def _create(path: Path, create_folder: bool) -> None:
    """Build a fresh database beside `path` and move it into place whole, so that a crash never
    leaves a half-made file where the database should be."""
    folder = path.parent
    if not folder.exists():
        if not create_folder:
            raise NetgoalsError(f"the folder {_shown(folder)} does not exist")
        folder.mkdir(mode=0o700, parents=True)
        os.chmod(folder, 0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    except OSError as error:
        raise NetgoalsError(f"cannot create {_shown(path)} ({error.strerror})") from None
    os.close(fd)
    os.chmod(temporary, 0o600)
    try:
        conn = connect(temporary)
        try:
            _migrate(conn)
        finally:
            conn.close()
        try:
            os.link(temporary, path)  # never replaces a file another process made meanwhile
        except FileExistsError:
            pass
        except OSError:
            # a file system without hard links: a plain rename, unless the file appeared
            if not path.exists():
                os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def backup_path(path: Path, version: int) -> Path:
    """Where the copy made before migrating `path` to schema `version` is kept."""
    return path.with_name(f"{path.name}.before-v{version}.bak")


def _copy_before_migrating(conn: sqlite3.Connection, path: Path, version: int) -> None:
    target = backup_path(path, version)
    fd = os.open(target, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(target, 0o600)
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)  # a consistent copy, including what is still in the WAL
    finally:
        copy.close()


def connect(path: Path) -> sqlite3.Connection:
    """A read-write connection with the settings every netgoals connection uses."""
    # isolation_level=None: transactions are explicit (Store.transaction), never implicit.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # temporary tables (a page's search index holds contacts' notes) never touch the disk
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def open_database(
    path: Path | str, *, create: bool = True, create_folder: bool = False
) -> sqlite3.Connection:
    """Open (or create) the netgoals database at `path`, migrated to the current schema.

    Raises NetgoalsError, leaving the file untouched, when it is not a netgoals database, is
    from a newer version, is damaged or cannot be written.
    """
    path = Path(path).expanduser().absolute()  # ":memory:" is a file name here, not a database
    if not path.exists():
        if not create:
            raise NetgoalsError(f"{_shown(path)} does not exist")
        _create(path, create_folder)
    applied = _inspect(path)
    pending = len(MIGRATION_NAMES) - len(applied)
    try:
        conn = connect(path)
    except sqlite3.Error as error:
        raise NetgoalsError(f"{_shown(path)} cannot be opened ({error})") from None
    # The first look was at the main file only; what is still in the WAL counts too.
    applied = applied_migrations(conn)
    if any(name not in MIGRATION_NAMES for name in applied):
        conn.close()
        raise NetgoalsError(f"{_shown(path)} was written by a newer version of netgoals; upgrade")
    pending = len(MIGRATION_NAMES) - len(applied)
    if pending:
        if applied:
            _copy_before_migrating(conn, path, len(MIGRATION_NAMES))
        try:
            _migrate(conn)
        except sqlite3.Error as error:
            conn.close()
            raise NetgoalsError(f"{_shown(path)} could not be upgraded ({error})") from None
    return conn
