"""Opening a netgoals file safely: create it private, refuse what is not ours, migrate with a copy.

Every check that can refuse a file runs on a read-only connection before anything is written,
so a refused file is left byte-identical.
"""

from __future__ import annotations

import errno
import glob
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from netgoals.core.errors import NetgoalsError
from netgoals.storage import cipher
from netgoals.storage.cipher import Passphrase, errors
from netgoals.storage.schema import APPLICATION_ID, MIGRATION_NAMES, MIGRATION_SET, migrations
from netgoals.storage.search import repair_index

BUSY_TIMEOUT_MS = 10_000


def _shown(path: Path) -> str:
    return str(path)


def _read_only_uri(path: Path, *, immutable: bool) -> str:
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def side_files(path: Path) -> tuple[Path, Path]:
    """The write-ahead log and its index that SQLite keeps beside the database `path`."""
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def _nothing_in_wal(path: Path) -> bool:
    wal, _ = side_files(path)
    try:
        return wal.stat().st_size == 0
    except FileNotFoundError:
        return True


class PassphraseNeeded(NetgoalsError):
    """The file may be an encrypted database, and no passphrase was given."""


class WrongPassphrase(NetgoalsError):
    """The passphrase given does not open the file (or it is not a database at all)."""


# (passphrase, the file's salt): what opens an encrypted file
Key = tuple[Passphrase, bytes]


@contextmanager
def _look(path: Path, key: Key | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only look at the database as SQLite sees it, write-ahead log included.

    With nothing in the log the main file alone is the database, and an immutable look creates
    no side file. Otherwise SQLite makes the log's index (-shm) if it is missing; when the
    look ends in a refusal, that index is removed again if this look made it and no other
    process has it open, so that a refused file's folder is left as it was.
    """
    immutable = _nothing_in_wal(path)
    _, shm = side_files(path)
    shm_was_there = shm.exists()
    uri = _read_only_uri(path, immutable=immutable)
    try:
        if key is None:
            conn = sqlite3.connect(uri, uri=True)
        else:
            conn = cipher.connect_keyed(uri, *key, uri=True)
    except errors.Error as error:
        raise NetgoalsError(f"{path} cannot be opened ({error})") from None
    refused = True
    try:
        yield conn
        refused = False
    finally:
        conn.close()
        if refused and not immutable and not shm_was_there:
            _remove_if_unused(shm)


def _remove_if_unused(shm: Path) -> None:
    """Remove the log index `shm` unless another process holds a lock on it (SQLite keeps a
    shared lock on it while a connection uses it)."""
    import fcntl

    try:
        fd = os.open(shm, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        # the whole lock area of the index; refused at once if another process holds any of it
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 0, 0)
    except OSError:
        os.close(fd)
        return
    try:
        shm.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _could_be_encrypted(size: int) -> bool:
    """Whether a file of `size` bytes that SQLite does not read could be an encrypted
    database: SQLCipher writes whole pages of random-looking bytes."""
    return size > 0 and size % cipher.PAGE_SIZE == 0


def _inspect(path: Path, key: Key | None = None) -> list[str]:
    """The migrations already applied to an existing file, or NetgoalsError if it is not ours.

    The file is never opened except through SQLite: closing any descriptor of a file releases
    every POSIX lock this process holds on it, and the connections this process already has
    on the database (the app's reader, its writer) hold such locks. Without them another
    process closing the database would take itself for the last one and delete the
    write-ahead log under those connections. So SQLite itself says whether this is an SQLite
    file at all."""
    shown = _shown(path)
    if path.is_dir():
        raise NetgoalsError(f"{shown} is a folder, not a netgoals database")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise NetgoalsError(f"{shown} cannot be read ({error.strerror})") from None
    if not os.access(path, os.R_OK):
        raise NetgoalsError(f"{shown} cannot be read (permission denied)")
    if size == 0:
        raise NetgoalsError(f"{shown} is an empty file, not a netgoals database")
    try:
        with _look(path, key) as conn:
            applied = _check_ours(conn, shown)
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                raise NetgoalsError(
                    f"{shown} is read-only: netgoals needs to write to it and its folder"
                )
            return applied
    except errors.DatabaseError as error:
        if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB":
            if key is not None:
                raise WrongPassphrase(
                    f"{shown}: wrong passphrase, or not a netgoals database; nothing was changed"
                ) from None
            if _could_be_encrypted(size):
                if not cipher.available():
                    raise cipher.MissingExtra(
                        f"{shown} is not a netgoals database (it is not an SQLite file), or it is"
                        f" encrypted: opening an encrypted database needs {cipher.INSTALL}"
                    ) from None
                raise PassphraseNeeded(
                    f"{shown} is encrypted and needs its passphrase, or it is not a netgoals"
                    " database (it is not an SQLite file)"
                ) from None
            raise NetgoalsError(
                f"{shown} is not a netgoals database (it is not an SQLite file)"
            ) from None
        raise NetgoalsError(f"{shown} is damaged or not a netgoals database ({error})") from None


def _check_ours(conn: sqlite3.Connection, shown: str) -> list[str]:
    """The migrations applied to the database behind `conn`, or NetgoalsError if not ours."""
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


def _make_folder(folder: Path) -> None:
    """Create `folder` private (0700) and any missing parent 0755, whatever the umask."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for made in reversed(missing):
        mode = 0o700 if made == folder else 0o755
        try:
            os.mkdir(made, mode)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to change
        except OSError as error:
            raise NetgoalsError(
                f"cannot create the folder {_shown(made)} ({error.strerror})"
            ) from None
        os.chmod(made, mode)  # mkdir's mode is narrowed by the umask; this is exact


def _exclusive(path: Path) -> int:
    """A new private file at `path`, opened for writing: never an existing file, never through
    a symbolic link (FileExistsError if anything is already there)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    os.fchmod(fd, 0o600)
    return fd


def _aside(path: Path, suffix: str) -> Path:
    """A new, empty private file beside `path` under a name nobody can guess."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)  # mkstemp creates it exclusively, 0600, not through a link
    return Path(name)


def remove_database(path: Path) -> None:
    """Remove a database this process made under a private name, with its side files."""
    for file in (path, *side_files(path)):
        file.unlink(missing_ok=True)


def _build_aside(path: Path, create_folder: bool) -> Path:
    """A fresh, migrated database beside `path` under a private name, closed and whole."""
    folder = path.parent
    if not folder.exists():
        if not create_folder:
            raise NetgoalsError(f"the folder {_shown(folder)} does not exist")
        _make_folder(folder)
    try:
        temporary = _aside(path, ".new")
    except OSError as error:
        raise NetgoalsError(f"cannot create {_shown(path)} ({error.strerror})") from None
    try:
        conn = connect(temporary)
        try:
            _migrate(conn)
        finally:
            conn.close()  # the last connection: the log is written back and removed
    except BaseException:
        remove_database(temporary)
        raise
    return temporary


def _put_in_place(temporary: Path, path: Path) -> bool:
    """Give the closed database `temporary` the name `path` unless a file has it; True if it
    did. Never replaces a file another process made meanwhile."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise NetgoalsError(f"cannot create {_shown(path)} ({error.strerror})") from None
        # a file system without hard links: a plain rename, unless the file appeared
        if path.exists():
            return False
        os.replace(temporary, path)
    return True


@contextmanager
def new_database(path: Path, *, create_folder: bool = False) -> Iterator[Path]:
    """A new database for `path`, built under a private name: the caller fills the path it
    yields (and closes every connection to it); when the block ends without error the file
    takes the name `path`, else it is removed. Nothing ever exists at `path` half-made, and no
    file another process may be using is deleted.

    Raises NetgoalsError if a file appeared at `path` meanwhile (it is left as it is).
    """
    temporary = _build_aside(path, create_folder)
    try:
        yield temporary
        if not _put_in_place(temporary, path):
            raise NetgoalsError(
                f"{_shown(path)} was created by another program meanwhile; nothing was written"
                " to it, try again"
            )
    finally:
        remove_database(temporary)


def _create(path: Path, create_folder: bool) -> None:
    """Create the database `path`, whole; a file made meanwhile by another process is kept."""
    temporary = _build_aside(path, create_folder)
    try:
        _put_in_place(temporary, path)
    finally:
        remove_database(temporary)


def replace_database(path: Path, fill: Callable[[Path], None]) -> None:
    """Replace the database `path` with a new one that `fill` writes into the path it is given
    (closing every connection it opens), in one atomic rename.

    A process that still has the old file open keeps working on it, undisturbed: its
    write-ahead log and index are moved aside first (open files follow their renaming), so the
    new file never meets them. They are then unlinked: the other process keeps its open files.
    """
    temporary = _build_aside(path, create_folder=False)
    try:
        fill(temporary)
        _swap_in(temporary, path)
    finally:
        remove_database(temporary)


def _swap_in(temporary: Path, path: Path) -> None:
    """Rename the closed database `temporary` over `path` in one step. The old file's log
    and its index are moved aside first (open files follow their renaming) and then
    unlinked, so the new file never meets them."""
    try:
        moved = []
        try:
            for side in side_files(path):
                aside = _aside(path, side.name[-4:])
                try:
                    os.replace(side, aside)
                except FileNotFoundError:
                    aside.unlink()
                    continue
                moved.append(aside)
            os.replace(temporary, path)
        finally:
            for aside in moved:
                aside.unlink(missing_ok=True)
    except OSError as error:
        raise NetgoalsError(f"cannot replace {_shown(path)} ({error.strerror})") from None
    _sync_folder(path.parent)


def backup_path(path: Path, version: int) -> Path:
    """Where the copy made before migrating `path` to schema `version` is kept (a further
    copy, should that name be taken, is numbered: `.before-v4.2.bak`)."""
    return path.with_name(f"{path.name}.before-v{version}.bak")


def _export(conn: sqlite3.Connection, target: Path, key: str) -> None:
    """Copy the database behind the SQLCipher connection `conn` (log included) into the new,
    empty file `target`, encrypted with the raw `key` ('' for a plain copy), with the
    version and application marks that SQLCipher's export leaves behind; then sync it."""
    conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(target), key))
    try:
        # the write lock for the whole copy: nothing is written meanwhile
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("SELECT sqlcipher_export('target')")
            for mark in ("user_version", "application_id"):
                (value,) = conn.execute(f"PRAGMA main.{mark}").fetchone()
                conn.execute(f"PRAGMA target.{mark} = {int(value)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DETACH DATABASE target")
    _sync(target)


def _sync(file: Path) -> None:
    """Flush `file` to the disk (a file this process has no SQLite connection on)."""
    fd = os.open(file, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def _copy_before_migrating(
    conn: sqlite3.Connection, path: Path, version: int, key: Key | None = None
) -> Path:
    """A private copy of the database as it is (write-ahead log included) under a name that
    was free: never over an existing file or through a link. An encrypted database's copy is
    encrypted with the same key. Raises NetgoalsError, leaving no partial copy, if it cannot
    be written whole (a full disk)."""
    # a consistent copy, including what is still in the log
    data = conn.serialize() if key is None else b""
    first = backup_path(path, version)
    for number in range(1, 1000):
        target = first if number == 1 else first.with_name(f"{first.name[:-4]}.{number}.bak")
        try:
            fd = _exclusive(target)
        except FileExistsError:
            continue
        except OSError as error:
            raise NetgoalsError(
                f"cannot keep a copy of {_shown(path)} before upgrading it ({error.strerror});"
                " nothing was changed"
            ) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if key is not None:
                _export(conn, target, key[0].key_for(key[1]))
        except (OSError, *errors.Error) as error:
            target.unlink(missing_ok=True)
            reason = error.strerror if isinstance(error, OSError) else str(error)
            raise NetgoalsError(
                f"cannot keep a copy of {_shown(path)} before upgrading it ({reason});"
                " nothing was changed"
            ) from None
        return target
    raise NetgoalsError(f"too many copies of {_shown(path)} beside it; move some away")


def connect(path: Path) -> sqlite3.Connection:
    """A read-write connection with the settings every netgoals connection uses."""
    # isolation_level=None: transactions are explicit (Store.transaction), never implicit.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    return _configured(conn)


def connect_encrypted(path: Path, key: Key) -> sqlite3.Connection:
    """`connect` for an encrypted database, opened with `key`."""
    conn = cipher.connect_keyed(str(path), *key, isolation_level=None, check_same_thread=False)
    return _configured(conn)


def _configured(conn: sqlite3.Connection) -> sqlite3.Connection:
    """`conn` with the settings every netgoals connection uses."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # temporary tables (a page's search index holds contacts' notes) never touch the disk
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def key_of(path: Path, passphrase: Passphrase | None) -> Key | None:
    """What opens the existing database `path`: None for a plain file (whatever was given),
    else `passphrase` with the file's salt. PassphraseNeeded comes later, from the check."""
    if passphrase is None or not path.is_file() or not cipher.available():
        return None  # without the library an encrypted file is refused by the check, saying so
    salt = cipher.salt_of(path)
    return None if salt == cipher.PLAIN_HEADER else (passphrase, salt)


def open_database(
    path: Path | str,
    *,
    create: bool = True,
    create_folder: bool = False,
    notices: list[str] | None = None,
    passphrase: Passphrase | None = None,
) -> sqlite3.Connection:
    """Open (or create) the netgoals database at `path`, migrated to the current schema.

    An encrypted database needs its `passphrase` (ignored for a plain file); without it,
    PassphraseNeeded, and WrongPassphrase when it does not open the file. Raises
    NetgoalsError, leaving the file untouched, when it is not a netgoals database, is
    from a newer version, is damaged or cannot be written. What was put right on the way (a
    rebuilt search index) is added to `notices`, one line each.
    """
    path = Path(path).expanduser().absolute()  # ":memory:" is a file name here, not a database
    if not path.exists():
        if not create:
            raise NetgoalsError(f"{_shown(path)} does not exist")
        _create(path, create_folder)
    key = key_of(path, passphrase)
    applied = _inspect(path, key)
    pending = len(MIGRATION_NAMES) - len(applied)
    try:
        conn = connect(path) if key is None else connect_encrypted(path, key)
    except errors.Error as error:
        raise NetgoalsError(f"{_shown(path)} cannot be opened ({error})") from None
    # The first look was at the main file only; what is still in the WAL counts too.
    applied = applied_migrations(conn)
    if any(name not in MIGRATION_NAMES for name in applied):
        conn.close()
        raise NetgoalsError(f"{_shown(path)} was written by a newer version of netgoals; upgrade")
    pending = len(MIGRATION_NAMES) - len(applied)
    if pending:
        if applied:
            try:
                _copy_before_migrating(conn, path, len(MIGRATION_NAMES), key)
            except BaseException:
                conn.close()
                raise
        try:
            _migrate(conn)
        except errors.Error as error:
            conn.close()
            raise NetgoalsError(f"{_shown(path)} could not be upgraded ({error})") from None
    try:
        notice = repair_index(conn)
    except errors.Error as error:
        conn.close()
        raise NetgoalsError(
            f"{_shown(path)}: the search index could not be rebuilt ({error})"
        ) from None
    if notice and notices is not None:
        notices.append(notice)
    return conn


def change_encryption(
    path: Path | str, *, current: Passphrase | None, new: Passphrase | None
) -> list[Path]:
    """Rewrite the database `path` encrypted with `new`, or plain when `new` is None (then
    `current` opens it). The new file is written whole under a private name, synced and
    renamed over the old one: killed at any moment, `path` is the old file or the new one,
    whole. Returns the copies kept beside it before upgrades (`.before-vN.bak`), which are
    left as they are: plain copies of an earlier plain database.

    Close every other program using the database first: one that keeps it open goes on
    writing to the old file. A file already as asked (plain, or encrypted) is refused.
    """
    path = Path(path).expanduser().absolute()
    module = cipher.sqlcipher("encrypting or decrypting a database")
    try:
        conn = open_database(path, create=False, passphrase=current)
    except PassphraseNeeded:
        raise NetgoalsError(
            f"{_shown(path)} is already encrypted, or is not a netgoals database;"
            " nothing was changed"
        ) from None
    try:
        encrypted = cipher.is_encrypted(conn)
        if new is not None and encrypted:
            raise NetgoalsError(f"{_shown(path)} is already encrypted; nothing was changed")
        if new is None and not encrypted:
            raise NetgoalsError(f"{_shown(path)} is not encrypted; nothing was changed")
        # the whole database into the main file, so that the old file alone is whole
        (busy, *_) = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise NetgoalsError(
                f"{_shown(path)} is in use by another program; close it and try again;"
                " nothing was changed"
            )
    finally:
        conn.close()
    key = key_of(path, current)
    try:
        temporary = _aside(path, ".new")
    except OSError as error:
        raise NetgoalsError(f"cannot write beside {_shown(path)} ({error.strerror})") from None
    try:
        if key is None:
            source = module.connect(str(path), isolation_level=None)
        else:
            source = cipher.connect_keyed(str(path), *key, isolation_level=None)
        try:
            source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            new_key = "" if new is None else new.key_for(os.urandom(cipher.SALT_BYTES))
            _export(source, temporary, new_key)
        finally:
            source.close()
        _swap_in(temporary, path)
    except errors.Error as error:
        raise NetgoalsError(f"{_shown(path)} was not changed ({error})") from None
    except OSError as error:
        raise NetgoalsError(f"{_shown(path)} was not changed ({error.strerror})") from None
    finally:
        remove_database(temporary)
    return plain_copies(path)


def plain_copies(path: Path) -> list[Path]:
    """The unencrypted copies kept beside `path` before upgrades (`.before-vN.bak`)."""
    found = []
    for copy in sorted(path.parent.glob(f"{glob.escape(path.name)}.before-v*.bak")):
        try:
            with copy.open("rb") as handle:  # a copy, never opened by SQLite here
                if handle.read(16) == cipher.PLAIN_HEADER:
                    found.append(copy)
        except OSError:
            continue
    return found
