from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Contact, Objective
from netgoals.storage import Store, schema
from netgoals.storage.database import backup_path, open_database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_is_private_in_a_new_private_folder(tmp_path: Path):
    path = tmp_path / "new" / "deeper" / "netgoals.db"
    with Store.open(path, create_folder=True) as store:
        store.save_contact(Contact(name="Ann"))
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    for side in ("-wal", "-shm"):
        side_file = path.with_name(path.name + side)
        if side_file.exists():
            assert mode(side_file) & 0o077 == 0
    # nothing half-made is left behind
    assert (
        sorted(p.name for p in path.parent.iterdir() if not p.name.startswith("netgoals.db")) == []
    )


def test_a_given_path_in_a_missing_folder_is_refused(tmp_path: Path):
    with pytest.raises(NetgoalsError, match="does not exist"):
        Store.open(tmp_path / "missing" / "x.db")
    assert not (tmp_path / "missing").exists()


def test_connection_settings(store: Store):
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATION_NAMES)


def test_reopening_runs_no_migration_and_makes_no_copy(tmp_path: Path):
    path = tmp_path / "n.db"
    Store.open(path).close()
    Store.open(path).close()
    assert not list(tmp_path.glob("*.bak"))


@pytest.fixture
def extra_migration():
    """A further migration, as a future version of netgoals would add."""

    def m999_add_column(db):
        db.execute("ALTER TABLE contacts ADD COLUMN nickname TEXT NOT NULL DEFAULT ''")

    schema.migration(m999_add_column)
    yield
    schema.MIGRATIONS.remove(m999_add_column)
    schema.MIGRATION_NAMES.remove("m999_add_column")


def test_migrating_an_existing_file_keeps_a_private_copy_first(tmp_path: Path, extra_migration):
    path = tmp_path / "old.db"
    # a file made by the previous version: every migration but the last applied
    conn = open_database(path)
    conn.execute(f"PRAGMA user_version = {len(schema.MIGRATION_NAMES) - 1}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm999_add_column'")
    conn.execute("ALTER TABLE contacts DROP COLUMN nickname")
    conn.execute(
        "INSERT INTO contacts (name, created_at, updated_at)"
        " VALUES ('Ann', '2026-01-01', '2026-01-01')"
    )
    conn.close()

    conn = open_database(path)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(contacts)")}
    assert "nickname" in columns
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATION_NAMES)
    conn.close()

    copy = backup_path(path, len(schema.MIGRATION_NAMES))
    assert copy.exists() and mode(copy) == 0o600
    old = sqlite3.connect(copy)
    assert old.execute("SELECT name FROM contacts").fetchall() == [("Ann",)]
    assert "nickname" not in {row[1] for row in old.execute("PRAGMA table_info(contacts)")}
    old.close()


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.execute("INSERT INTO songs VALUES ('x')")
    conn.commit()
    conn.close()


def _newer_netgoals(path: Path) -> None:
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('netgoals', 'm050_from_the_future', '2030-01-01')"
    )
    conn.execute("PRAGMA user_version = 50")
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def _truncated(path: Path) -> None:
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_text("name,email\nAnn,ann@example.org\n"), "not an SQLite file"),
        (lambda p: p.write_bytes(os.urandom(4096)), "not an SQLite file"),
        (_other_program, "another program"),
        (_newer_netgoals, "newer version of netgoals"),
        (_truncated, "damaged"),
    ],
    ids=["empty", "text", "noise", "other-program", "newer", "truncated"],
)
def test_files_that_are_not_ours_are_refused_untouched(tmp_path: Path, make, words):
    path = tmp_path / "file.db"
    make(path)
    before = path.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(NetgoalsError, match=words):
        Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_a_folder_is_refused(tmp_path: Path):
    with pytest.raises(NetgoalsError, match="is a folder"):
        Store.open(tmp_path)


WRITER = """
import sys
from netgoals.core.models import Contact
from netgoals.storage import Store
store = Store.open(sys.argv[1])
for i in range(int(sys.argv[3])):
    store.save_contact(Contact(name=f"{sys.argv[2]} {i}"))
print("done")
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path):
    path = tmp_path / "shared.db"
    Store.open(path).close()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, "150"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"
    with Store.open(path) as store:
        names = [c.name for c in store.contacts()]
    assert len(names) == 300
    assert {n.split()[0] for n in names} == {"left", "right"}


def test_two_connections_in_one_process_interleave_transactions(tmp_path: Path):
    path = tmp_path / "two.db"
    first, second = Store.open(path), Store.open(path)
    errors: list[BaseException] = []

    def write(store: Store, prefix: str) -> None:
        try:
            for i in range(50):
                with store.transaction():
                    store.save_objective(Objective(title=f"{prefix} {i}"))
                    store.save_contact(Contact(name=f"{prefix} {i}"))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [
        threading.Thread(target=write, args=(s, p)) for s, p in ((first, "a"), (second, "b"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert first.counts()["objectives"] == 100 and second.counts()["contacts"] == 100
    first.close()
    second.close()


def test_a_newer_wal_database_is_refused_without_new_side_files(tmp_path: Path):
    path = tmp_path / "n.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('netgoals', 'm050_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "n.db"]
    before = path.read_bytes()
    with pytest.raises(NetgoalsError, match="newer version"):
        Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "n.db"]


OTHER_COPY = """
import sys
from netgoals.core.models import Contact
from netgoals.storage import Store
store = Store.open(sys.argv[1])
store.save_contact(Contact(name="From the other copy"))
print("written", flush=True)
sys.stdin.readline()
store.close()  # the last connection to close deletes the write-ahead log
print("closed", flush=True)
"""


def test_opening_the_file_again_in_this_process_keeps_its_connections_locks(tmp_path: Path):
    """The app opens a second and third connection on its database (a background reader, the
    writer) while it already has one. Opening must not release this process's locks on the
    file: another copy closing would then take itself for the last connection and delete the
    write-ahead log under the app, and what the app saves next would be lost."""
    path = tmp_path / "n.db"
    app = Store.open(path)
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_COPY, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert other.stdout is not None and other.stdin is not None
    assert other.stdout.readline() == "written\n"
    Store.open(path).close()  # e.g. the app's writer opening while the other copy is open
    other.stdin.write("\n")
    other.stdin.flush()
    assert other.stdout.readline() == "closed\n"
    assert other.wait() == 0
    assert Path(f"{path}-wal").exists()  # still in use by this process: not deleted
    app.save_contact(Contact(name="Saved by the app"))
    app.close()
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            "print(sorted(r[0] for r in c.execute('SELECT name FROM contacts')))",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert check.stdout.strip() == "['From the other copy', 'Saved by the app']"


def test_a_commit_between_the_index_checks_reads_is_not_taken_for_damage(tmp_path: Path):
    """The check at open compares the search index with the contacts in several reads; another
    copy committing a contact between them must not make a sound index look out of step (a
    needless rebuild would then wait for that writer's lock)."""
    from netgoals.storage import search
    from netgoals.storage.database import connect

    path = tmp_path / "n.db"
    Store.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    conn = connect(path)

    def commit_meanwhile(sql: str) -> None:
        if sql.startswith("SELECT count(*) FROM contacts"):
            other.execute(
                "INSERT INTO contacts (name, created_at, updated_at) VALUES ('Ada', 't', 't')"
            )

    conn.set_trace_callback(commit_meanwhile)
    try:
        assert search.index_in_step(conn)
    finally:
        conn.close()
        other.close()
    with Store.open(path) as store:
        assert store.notices == [] and store.contact_count() == 1
