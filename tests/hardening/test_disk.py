"""Files on disk are never lost and never damaged: the database, its side files, the copy kept
before an upgrade, exports and the folders netgoals creates, through the real command line.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from netgoals import cli as cli_module
from netgoals.core.models import Contact, Objective
from netgoals.formats import people
from netgoals.storage import Store, schema
from netgoals.storage import database as database_module
from netgoals.storage.database import backup_path, open_database
from tests.hardening.test_files import ROOT, _netgoals, _snapshot
from tests.storage.test_database import extra_migration  # noqa: F401 (a fixture)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _backup(folder: Path, count: int) -> Path:
    path = folder / f"backup-{count}.json"
    contacts = [{"id": i, "name": f"Person {i}"} for i in range(1, count + 1)]
    path.write_text(json.dumps({"format": "netgoals", "version": 1, "contacts": contacts}))
    return path


def _linkedin(folder: Path) -> Path:
    path = folder / "Connections.csv"
    path.write_text("First Name,Last Name,Company,Position\nAnn,Lee,Acme,Trader\n")
    return path


# --- 1. a new database is made aside and never deleted by its name ------------------------------


def _another_import_meanwhile(monkeypatch, path: Path, folder: Path, then) -> None:
    """While `netgoals import` runs into the new database `path`, another netgoals process
    imports ten contacts into the same path; then `then` runs in place of the import."""
    real = people.import_contacts

    def meanwhile(store, parsed, *, dry_run, progress=None):
        done = _netgoals("--db", str(path), "import", "json", str(_backup(folder, 10)))
        assert done.returncode == 0 and "added 10" in done.stdout, done.stderr
        return then(real, store, parsed, dry_run)

    monkeypatch.setattr(people, "import_contacts", meanwhile)


def test_an_interrupted_import_never_deletes_a_database_another_process_wrote(
    tmp_path: Path, monkeypatch
):
    path = tmp_path / "new.db"

    def interrupted(real, store, parsed, dry_run):
        raise KeyboardInterrupt  # Ctrl-C

    _another_import_meanwhile(monkeypatch, path, tmp_path, interrupted)
    # click turns Ctrl-C into "netgoals: aborted", status 1
    assert cli_module.run(["--db", str(path), "import", "linkedin", str(_linkedin(tmp_path))]) == 1
    # the other process's file is there, whole, and an app open on it keeps saving into it
    with Store.open(path) as open_app:
        assert open_app.contact_count() == 10
        open_app.save_contact(Contact(name="Saved after"))
    with Store.open(path) as store:
        assert store.contact_count() == 11
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_an_import_into_a_database_made_meanwhile_is_refused_whole(
    tmp_path: Path, monkeypatch, capsys
):
    path = tmp_path / "new.db"

    def carry_on(real, store, parsed, dry_run):
        return real(store, parsed, dry_run=dry_run)

    _another_import_meanwhile(monkeypatch, path, tmp_path, carry_on)
    status = cli_module.run(["--db", str(path), "import", "linkedin", str(_linkedin(tmp_path))])
    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith("netgoals: ") and "meanwhile" in err and len(err.splitlines()) == 1
    with Store.open(path) as store:
        assert sorted(c.name for c in store.contacts())[0] == "Person 1"
        assert store.contact_count() == 10
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


# --- 2. the look before opening sees the write-ahead log ----------------------------------------

CHECKPOINT_ON_A_FULL_DISK = """
import resource, sqlite3, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (32768, 32768))  # the disk fills at 32 KiB
conn = sqlite3.connect(sys.argv[1])
try:
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
except sqlite3.Error as error:
    print(error)
conn.close()
"""


def _everything_in_the_log(path: Path, copy: Path, *, newer: bool = False) -> None:
    """A netgoals database whose every change is still in its write-ahead log (as when the
    writer was killed before a checkpoint), copied with its log to `copy`."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    database_module._migrate(conn)
    for i in range(50):
        conn.execute(
            "INSERT INTO contacts (name, notes, created_at, updated_at)"
            " VALUES (?, ?, '2026-01-01', '2026-01-01')",
            (f"Person {i}", "trader on the floor " * 100),
        )
    if newer:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('netgoals', 'm050_from_the_future', '2030-01-01')"
        )
    for side in ("", "-wal"):
        shutil.copy(f"{path}{side}", f"{copy}{side}")
    conn.close()


def test_a_checkpoint_cut_short_by_a_full_disk_leaves_a_file_that_opens(tmp_path: Path):
    _everything_in_the_log(tmp_path / "writer.db", tmp_path / "k.db")
    path = tmp_path / "k.db"
    done = subprocess.run(
        [sys.executable, "-c", CHECKPOINT_ON_A_FULL_DISK, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip(), "the checkpoint was meant to fail on the full disk"
    assert path.stat().st_size == 32768  # written back in part: the main file alone is wrong
    alone = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    with pytest.raises(sqlite3.DatabaseError):
        alone.execute("SELECT count(*) FROM contacts").fetchone()
    alone.close()
    # there is room again: SQLite finds the file sound, and so does netgoals
    look = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert look.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    look.close()
    done = _netgoals("--db", str(path), "offgoal", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["contacts"] == 50
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_refused_file_with_its_changes_in_the_log_is_left_byte_identical(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "n.db"
    _everything_in_the_log(tmp_path / "writer.db", path, newer=True)
    before = _snapshot(folder)
    assert sorted(before) == ["n.db", "n.db-wal"]
    for command in (["offgoal"], ["export", "json"], ["import", "json", str(_backup(tmp_path, 1))]):
        done = _netgoals("--db", str(path), *command)
        assert done.returncode == 1 and "newer version" in done.stderr, done.stderr
        assert len(done.stderr.splitlines()) == 1
        assert _snapshot(folder) == before, command


# --- 7. exports to what is not a regular file ---------------------------------------------------


@pytest.fixture
def netgoals_db(tmp_path: Path) -> Path:
    path = tmp_path / "n.db"
    with Store.open(path) as store:
        store.save_contact(Contact(name="Ann"))
    return path


def test_export_to_dev_stdout_writes_the_backup_there(netgoals_db: Path):
    done = _netgoals("--db", str(netgoals_db), "export", "json", "-o", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["contacts"][0]["name"] == "Ann"


def test_export_to_a_fifo_streams_into_it_and_keeps_it(netgoals_db: Path, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    done = _netgoals("--db", str(netgoals_db), "export", "json", "-o", str(fifo))
    assert done.returncode == 0, done.stderr
    reader.join(timeout=60)
    assert json.loads(received[0])["contacts"][0]["name"] == "Ann"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_export_to_a_device_keeps_the_device(netgoals_db: Path, tmp_path: Path):
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # as /dev/null
    except PermissionError:
        pytest.skip("creating a device needs root")
    done = _netgoals("--db", str(netgoals_db), "export", "json", "-o", str(device))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)


# --- 8. no write follows a link planted in the folder -------------------------------------------


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "victim.txt"
    path.parent.mkdir()
    path.write_text("not netgoals' to touch\n")
    path.chmod(0o644)
    return path


def _untouched(victim: Path) -> None:
    assert victim.read_text() == "not netgoals' to touch\n"
    assert _mode(victim) == 0o644


def test_the_copy_before_an_upgrade_never_follows_a_planted_link(
    tmp_path: Path,
    victim: Path,
    extra_migration,  # noqa: F811
):
    path = tmp_path / "old.db"
    conn = open_database(path)
    conn.execute(f"PRAGMA user_version = {len(schema.MIGRATION_NAMES) - 1}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm999_add_column'")
    conn.execute("ALTER TABLE contacts DROP COLUMN nickname")
    conn.close()
    planted = backup_path(path, len(schema.MIGRATION_NAMES))
    planted.symlink_to(victim)
    Store.open(path).close()
    _untouched(victim)
    assert planted.is_symlink()
    copies = [p for p in tmp_path.glob("old.db.before-v*.bak") if not p.is_symlink()]
    assert len(copies) == 1 and _mode(copies[0]) == 0o600
    old = sqlite3.connect(copies[0])
    assert "nickname" not in {row[1] for row in old.execute("PRAGMA table_info(contacts)")}
    old.close()


def test_export_never_follows_a_link_planted_at_its_temporary_name(
    netgoals_db: Path, tmp_path: Path, victim: Path, capsys
):
    out = tmp_path / "out.json"
    (tmp_path / f".out.json.{os.getpid()}.tmp").symlink_to(victim)
    assert cli_module.run(["--db", str(netgoals_db), "export", "json", "-o", str(out)]) == 0
    _untouched(victim)
    assert json.loads(out.read_text())["contacts"][0]["name"] == "Ann"
    assert _mode(out) == 0o600


def test_a_new_database_never_follows_a_link_planted_at_its_temporary_name(
    tmp_path: Path, victim: Path
):
    (tmp_path / f".new.db.{os.getpid()}.new").symlink_to(victim)
    with Store.open(tmp_path / "new.db") as store:
        store.save_contact(Contact(name="Ann"))
    _untouched(victim)


# --- 9. the folders netgoals creates ------------------------------------------------------------


def test_parents_of_the_default_folder_are_0755_and_it_0700_whatever_the_umask(tmp_path: Path):
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home)}
    env.pop("XDG_DATA_HOME", None)
    env.pop("NETGOALS_DB", None)
    code = "import os; os.umask(0); from netgoals.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "import", "json", str(_backup(tmp_path, 1))],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    folder = home / ".local" / "share" / "netgoals"
    assert _mode(home / ".local") == 0o755
    assert _mode(home / ".local" / "share") == 0o755
    assert _mode(folder) == 0o700
    assert _mode(folder / "netgoals.db") == 0o600


# --- 10. a full disk during the copy made before an upgrade -------------------------------------

UPGRADE_ON_A_FULL_DISK = """
import resource
from netgoals.storage import schema
def m999_later(db):
    db.execute("CREATE TABLE later (x TEXT)")
schema.migration(m999_later)
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))  # the disk fills at 64 KiB
"""


def test_a_full_disk_during_the_copy_before_an_upgrade_changes_nothing(tmp_path: Path):
    path = tmp_path / "old.db"
    with Store.open(path) as store, store.transaction():
        for i in range(100):
            store.save_contact(Contact(name=f"Person {i}", notes="trader " * 150))
    assert path.stat().st_size > 65536
    before = path.read_bytes()
    done = _netgoals("--db", str(path), "offgoal", prelude=UPGRADE_ON_A_FULL_DISK)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("netgoals: ") and "copy" in lines[0]
    assert not list(tmp_path.glob("*.bak"))
    assert path.read_bytes() == before
    with Store.open(path) as store:  # not migrated: still the current schema, whole
        assert "later" not in {
            row[0] for row in store.conn.execute("SELECT name FROM sqlite_master")
        }
        assert store.contact_count() == 100


# --- 11. a search index dropped or out of step is rebuilt at open -------------------------------


def _trader_network(path: Path) -> None:
    with Store.open(path) as store:
        store.save_objective(Objective(title="Job as a trader", keywords=["trader"]))
        store.save_contact(Contact(name="Priya", role="Trader"))
        store.save_contact(Contact(name="Sam", role="Baker"))


def test_a_dropped_search_index_is_rebuilt_and_said(tmp_path: Path, capsys):
    path = tmp_path / "n.db"
    _trader_network(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE contact_search")
    conn.close()
    assert cli_module.run(["--db", str(path), "offgoal", "--json"]) == 0
    out, err = capsys.readouterr()
    assert [c["name"] for c in json.loads(out)["offgoal"]] == ["Sam"]
    assert len(err.splitlines()) == 1 and "search index" in err and "rebuilt" in err
    # once rebuilt, nothing more is said
    assert cli_module.run(["--db", str(path), "offgoal", "--json"]) == 0
    assert capsys.readouterr().err == ""


def test_a_search_index_out_of_step_is_rebuilt_with_its_triggers(tmp_path: Path):
    path = tmp_path / "n.db"
    _trader_network(path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER contacts_search_insert")
    conn.execute(
        "INSERT INTO contacts (name, role, created_at, updated_at)"
        " VALUES ('Kenji', 'Equity trader', '2026-01-01', '2026-01-01')"
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert len(store.notices) == 1 and "rebuilt" in store.notices[0]
        offgoal = {c.name for c in store.contacts() if store.matching().is_offgoal(c.id)}
        assert offgoal == {"Sam"}
        store.save_contact(Contact(name="Lee", role="Trader"))  # the triggers are back
    with Store.open(path) as store:
        assert store.notices == []
        assert {c.name for c in store.contacts() if store.matching().is_offgoal(c.id)} == {"Sam"}
