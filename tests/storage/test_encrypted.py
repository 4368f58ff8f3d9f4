"""Encrypted databases: the same records, the same matching and the same refusals as a plain
file, and nothing of the network readable in the file without its passphrase."""

from __future__ import annotations

import pickle
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from netgoals.core.clock import fixed_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Contact
from netgoals.demo import build_demo
from netgoals.formats.backup import export_json
from netgoals.storage import Store
from netgoals.storage.cipher import PLAIN_HEADER, Passphrase
from netgoals.storage.database import (
    PassphraseNeeded,
    WrongPassphrase,
    applied_migrations,
    backup_path,
    change_encryption,
)
from netgoals.storage.schema import MIGRATION_NAMES

pytest.importorskip("sqlcipher3", reason="the 'encrypted' extra (sqlcipher3) is not installed")

TODAY = date(2026, 11, 25)
CLOCK = fixed_clock(datetime(2026, 11, 25, 9, 30))
SECRET = "correct horse 'battery' staple"
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of its own (the test's folder also holds the isolated home)."""
    made = tmp_path / "data"
    made.mkdir()
    return made


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _demo(path: Path) -> str:
    """The demo network written at `path`; its full backup."""
    with Store.open(path, clock=CLOCK) as store:
        build_demo(store, TODAY)
        return export_json(store)


def _encrypted_demo(folder: Path) -> tuple[Path, str]:
    path = folder / "netgoals.db"
    backup = _demo(path)
    change_encryption(path, current=None, new=Passphrase(SECRET))
    return path, backup


def _matched(store: Store) -> dict[int, set[int]]:
    """Objective id -> the contacts that match it."""
    return store.matching(store.objectives()).members


def test_encrypting_keeps_every_record_and_no_readable_text(folder: Path):
    path = folder / "netgoals.db"
    backup = _demo(path)
    with Store.open(path, clock=CLOCK) as plain:
        matched = _matched(plain)
    assert change_encryption(path, current=None, new=Passphrase(SECRET)) == []

    raw = path.read_bytes()
    assert not raw.startswith(PLAIN_HEADER)
    for text in (b"Abena", b"Carter", b"midwife", b"trader", b"CREATE TABLE"):
        assert text not in raw
    assert sorted(p.name for p in folder.iterdir()) == ["netgoals.db"]  # nothing aside
    assert path.stat().st_mode & 0o777 == 0o600

    with Store.open(path, clock=CLOCK, passphrase=Passphrase(SECRET)) as store:
        assert store.passphrase is not None
        assert export_json(store) == backup
        # keyword matching runs on the encrypted full-text index, stems and all
        assert _matched(store) == matched
        assert matched  # the demo has matches: the comparison above is not of two empties

    change_encryption(path, current=Passphrase(SECRET), new=None)
    assert path.read_bytes().startswith(PLAIN_HEADER)
    with Store.open(path, clock=CLOCK) as store:
        assert store.passphrase is None
        assert export_json(store) == backup


def test_a_missing_or_wrong_passphrase_is_refused_and_changes_nothing(folder: Path):
    path, _ = _encrypted_demo(folder)
    before = _snapshot(folder)
    with pytest.raises(PassphraseNeeded) as needed:
        Store.open(path, clock=CLOCK)
    with pytest.raises(WrongPassphrase) as wrong:
        Store.open(path, clock=CLOCK, passphrase=Passphrase("not " + SECRET))
    assert "wrong passphrase" in str(wrong.value)
    for error in (needed.value, wrong.value):
        assert SECRET not in str(error) and "battery" not in repr(error)
        assert error.__cause__ is None and error.__suppress_context__
    with pytest.raises(NetgoalsError, match="already encrypted"):
        change_encryption(path, current=None, new=Passphrase("another"))
    with pytest.raises(WrongPassphrase):
        change_encryption(path, current=Passphrase("nope"), new=None)
    assert _snapshot(folder) == before


def test_the_passphrase_never_shows(folder: Path):
    passphrase = Passphrase(SECRET)
    assert "battery" not in repr(passphrase) and "battery" not in str(passphrase)
    assert "battery" not in f"{passphrase!r} {passphrase}"
    with pytest.raises(TypeError):
        pickle.dumps(passphrase)
    path, _ = _encrypted_demo(folder)
    with Store.open(path, clock=CLOCK, passphrase=passphrase) as store:
        assert "battery" not in repr(vars(store))
    with pytest.raises(NetgoalsError, match="empty"):
        Passphrase("")


def test_a_plain_file_opens_whatever_passphrase_is_given(folder: Path):
    path = folder / "netgoals.db"
    backup = _demo(path)
    with Store.open(path, clock=CLOCK, passphrase=Passphrase("unused")) as store:
        assert store.passphrase is None  # another connection opens it plain
        assert export_json(store) == backup
    with pytest.raises(NetgoalsError, match="not encrypted"):
        change_encryption(path, current=Passphrase("unused"), new=None)


def test_writes_land_and_other_connections_see_them(folder: Path):
    path, _ = _encrypted_demo(folder)
    with Store.open(path, clock=CLOCK, passphrase=Passphrase(SECRET)) as store:
        saved = store.save_contact(Contact(name="Zed Quinn", role="Equity trader"))
        with store.another() as reader:
            assert reader.contact(saved.id).name == "Zed Quinn"
            assert reader.passphrase is store.passphrase
            assert any(saved.id in ids for ids in _matched(reader).values())
    assert b"Zed Quinn" not in b"".join(_snapshot(folder).values())


def test_an_encrypted_older_database_upgrades_with_an_encrypted_copy(folder: Path):
    """An encrypted file from an earlier schema is migrated like a plain one; the copy kept
    before the upgrade is encrypted with the same passphrase, never plain."""
    import sqlcipher3.dbapi2 as sqlcipher

    plain = folder / "old.db"
    shutil.copyfile(DATA / "netgoals-v1.db", plain)
    path = folder / "netgoals.db"
    path.touch(mode=0o600)
    conn = sqlcipher.connect(str(plain))
    conn.execute("ATTACH DATABASE ? AS target KEY ?", (str(path), SECRET))
    conn.execute("SELECT sqlcipher_export('target')")
    for mark in ("user_version", "application_id"):
        (value,) = conn.execute(f"PRAGMA main.{mark}").fetchone()
        conn.execute(f"PRAGMA target.{mark} = {value}")
    conn.execute("DETACH DATABASE target")
    conn.close()
    plain.unlink()

    with Store.open(path, clock=CLOCK, passphrase=Passphrase(SECRET)) as store:
        assert applied_migrations(store.conn) == MIGRATION_NAMES
        assert store.contacts()
    copy = backup_path(path, len(MIGRATION_NAMES))
    assert not copy.read_bytes().startswith(PLAIN_HEADER)
    conn = sqlcipher.connect(str(copy))
    conn.execute(f"PRAGMA key = '{SECRET.replace(chr(39), chr(39) * 2)}'")
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] > 0
    conn.close()


def test_encrypting_names_the_plain_copies_made_before_upgrades(folder: Path):
    path = folder / "netgoals.db"
    shutil.copyfile(DATA / "netgoals-v1.db", path)
    path.chmod(0o600)
    Store.open(path, clock=CLOCK).close()  # upgraded: a plain copy is kept beside it
    copy = backup_path(path, len(MIGRATION_NAMES))
    assert copy.read_bytes().startswith(PLAIN_HEADER)
    assert change_encryption(path, current=None, new=Passphrase(SECRET)) == [copy]
    assert copy.read_bytes().startswith(PLAIN_HEADER)  # the user's to delete, not netgoals'
