"""Refuse, don't damage: files that are not what they claim, through the real command line.

Each gets one clear line on standard error and exit status 1, no traceback, and the file and
its folder are byte-identical afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from netgoals.core.errors import NetgoalsError
from netgoals.storage import Store
from netgoals.storage import database as database_module
from tests.storage.test_database import _newer_netgoals, _other_program, _truncated

ROOT = Path(__file__).resolve().parents[2]
RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _netgoals(*args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = f"{prelude}\nfrom netgoals.cli import main\nmain()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _half_sqlite_header(path: Path) -> None:
    path.write_bytes(b"SQLite format")


KINDS = {
    "empty": (lambda p: p.write_bytes(b""), "empty file"),
    "text": (lambda p: p.write_text("just some notes\n"), "not an SQLite file"),
    "short-header": (_half_sqlite_header, "not an SQLite file"),
    "truncated": (_truncated, "damaged"),
    "other-program": (_other_program, "another program"),
    "newer": (_newer_netgoals, "newer version of netgoals"),
}
# opening the app, reading, and importing into it: every way a command opens the database
COMMANDS = [[], ["offgoal"], ["import", "json", "{backup}"]]


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "b.json"
    path.write_text('{"format": "netgoals", "version": 1, "contacts": [{"id": 1, "name": "A"}]}')
    return path


def _check_refused(done: subprocess.CompletedProcess[str], words: str) -> None:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("netgoals: "), done.stderr
    assert words in lines[0]


@pytest.mark.parametrize("kind", KINDS)
def test_the_command_line_refuses_files_that_are_not_ours_untouched(
    tmp_path: Path, kind: str, backup_file: Path
):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "netgoals.db"
    make, words = KINDS[kind]
    make(path)
    before = _snapshot(folder)
    for command in COMMANDS:
        args = [part.format(backup=backup_file) for part in command]
        done = _netgoals("--db", str(path), *args)
        _check_refused(done, words)
        assert _snapshot(folder) == before, command


def test_a_missing_folder_is_refused_and_not_created(tmp_path: Path, backup_file: Path):
    path = tmp_path / "no" / "such" / "folder" / "netgoals.db"
    for command in COMMANDS:
        args = [part.format(backup=backup_file) for part in command]
        _check_refused(_netgoals("--db", str(path), *args), "does not exist")
    assert not (tmp_path / "no").exists()


# --- read-only files ---------------------------------------------------------------------------
# As root (as in CI) a 0444 file is still writable: a file made immutable (chattr +i) is the
# real thing for root, a 0444 file the real thing for anyone else. The tests that make os.access
# report the file not writable check the same path in-process and through the command line.


def _netgoals_file(path: Path) -> None:
    with Store.open(path) as store:
        store.set_meta("written", "yes")


@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root may write a 0444 file: nothing to refuse")
def test_a_read_only_file_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "ro.db"
    _netgoals_file(path)
    path.chmod(0o444)
    before = _snapshot(tmp_path)
    _check_refused(_netgoals("--db", str(path), "offgoal"), "read-only")
    assert _snapshot(tmp_path) == before


@contextmanager
def _immutable(path: Path) -> Iterator[None]:
    """`path` made immutable (`chattr +i`): not even root may write it, so SQLite and the
    access check meet a file that really cannot be written, whoever runs the tests."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        if not RUNNING_AS_ROOT:
            pytest.skip("chattr +i needs root; a 0444 file is tested instead")
        pytest.fail(f"chattr +i failed as root: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_file_that_cannot_be_written_is_refused_untouched_even_as_root(
    tmp_path: Path, backup_file: Path
):
    """Opening the app, reading, and importing a backup, a LinkedIn file or a vCard into it."""
    path = tmp_path / "ro.db"
    _netgoals_file(path)
    linkedin = tmp_path / "in.csv"
    linkedin.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,https://www.linkedin.com/in/ann,,Bank,Trader,15 Mar 2024\n"
    )
    vcard = tmp_path / "in.vcf"
    vcard.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEND:VCARD\n")
    before = _snapshot(tmp_path)
    with _immutable(path):
        with pytest.raises(PermissionError):
            path.open("r+b")  # the system itself refuses
        for command in (
            [],
            ["offgoal"],
            ["import", "json", str(backup_file)],
            ["import", "linkedin", str(linkedin)],
            ["import", "vcard", str(vcard)],
        ):
            _check_refused(_netgoals("--db", str(path), *command), "read-only")
            assert _snapshot(tmp_path) == before, command


# The access check passed (as if the file became read-only just after it): SQLite itself then
# meets the file it cannot write.
ACCESS_GRANTED = """
import os
os.access = lambda path, mode, *args, **kwargs: True
"""


def test_sqlite_meeting_a_file_it_cannot_write_gives_one_line_and_writes_nothing(
    tmp_path: Path, backup_file: Path
):
    path = tmp_path / "ro.db"
    _netgoals_file(path)
    before = path.read_bytes()
    with _immutable(path):
        done = _netgoals(
            "--db", str(path), "import", "json", str(backup_file), prelude=ACCESS_GRANTED
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("netgoals: "), done.stderr
        assert "readonly" in lines[0] or "read-only" in lines[0], lines[0]
    assert path.read_bytes() == before
    with Store.open(path) as store:
        assert store.contact_count() == 0


NOT_WRITABLE = """
import os
_real_access = os.access
def _access(path, mode, *args, **kwargs):
    if mode & os.W_OK and os.fspath(path).endswith("ro.db"):
        return False  # as for a 0444 file when not root
    return _real_access(path, mode, *args, **kwargs)
os.access = _access
"""


def test_a_file_reported_not_writable_is_refused_by_the_command_line(tmp_path: Path):
    path = tmp_path / "ro.db"
    _netgoals_file(path)
    path.chmod(0o444)
    before = _snapshot(tmp_path)
    for command in ([], ["offgoal"], ["export", "json"]):
        _check_refused(_netgoals("--db", str(path), *command, prelude=NOT_WRITABLE), "read-only")
    assert _snapshot(tmp_path) == before


def test_a_file_reported_not_writable_is_refused_by_the_store(tmp_path: Path, monkeypatch):
    path = tmp_path / "ro.db"
    _netgoals_file(path)
    before = _snapshot(tmp_path)
    monkeypatch.setattr(database_module.os, "access", lambda p, mode: not mode & os.W_OK)
    with pytest.raises(NetgoalsError, match="read-only"):
        Store.open(path)
    assert _snapshot(tmp_path) == before


def test_a_read_only_connection_failure_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch):
    """Even when the access check passes (root, a read-only mount), SQLite refusing to write
    is turned into one line."""
    path = tmp_path / "n.db"
    _netgoals_file(path)

    def refuse(_path):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(database_module, "connect", refuse)
    with pytest.raises(NetgoalsError, match="cannot be opened"):
        Store.open(path)


# --- privacy of what is created ----------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_default_database_and_its_folder_are_private_even_with_a_lax_umask(tmp_path: Path):
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home)}
    env["XDG_DATA_HOME"] = str(home / "share")
    env.pop("NETGOALS_DB", None)
    create = (
        "import os; os.umask(0); from netgoals.storage import Store; from netgoals import paths"
    )
    create += "; Store.open(paths.default_db_path(), create_folder=True).close()"
    subprocess.run([sys.executable, "-c", create], check=True, env=env, timeout=60)
    db = home / "share" / "netgoals" / "netgoals.db"
    assert _mode(db) == 0o600
    assert _mode(db.parent) == 0o700
    for side in db.parent.iterdir():
        assert _mode(side) & 0o077 == 0, side.name


def test_privacy_is_kept_after_migration_and_in_the_copy_made_before(tmp_path: Path):
    from netgoals.storage import schema
    from netgoals.storage.database import backup_path

    old_umask = os.umask(0)
    try:
        path = tmp_path / "old.db"
        _netgoals_file(path)

        def m999_later(db):
            db.execute("CREATE TABLE later (x TEXT)")

        schema.migration(m999_later)
        try:
            Store.open(path).close()
        finally:
            schema.MIGRATIONS.remove(m999_later)
            schema.MIGRATION_NAMES.remove("m999_later")
        copy = backup_path(path, len(schema.MIGRATION_NAMES) + 1)
        assert copy.exists()
        assert _mode(copy) == 0o600
        assert _mode(path) == 0o600
        for side in tmp_path.iterdir():
            if side.name.startswith("old.db"):
                assert _mode(side) & 0o077 == 0, side.name
    finally:
        os.umask(old_umask)
