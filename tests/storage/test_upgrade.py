"""Upgrading a real older database that holds data, through every migration since its version.

The files in tests/data/netgoals-vN.db were made at schema version N by
tests/data/make_old_databases.py (which says how) and are never rebuilt.
"""

from __future__ import annotations

import shutil
import sqlite3
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from netgoals.storage import Store
from netgoals.storage.database import applied_migrations, backup_path
from netgoals.storage.schema import MIGRATION_NAMES
from tests.hardening.test_crash import _expected_index_rows, _index_rows

DATA = Path(__file__).resolve().parents[1] / "data"
OLD_VERSIONS = [1, 2, 3, 4]
CURRENT = len(MIGRATION_NAMES)


def test_every_version_before_the_current_one_has_a_database():
    assert list(range(1, CURRENT)) == OLD_VERSIONS
    for version in OLD_VERSIONS:
        assert (DATA / f"netgoals-v{version}.db").is_file()


def _dump(path: Path) -> list[str]:
    """Every table's schema and rows, as SQL text (the migration log's times left out)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [line for line in conn.iterdump() if "_sqlite_migrations" not in line]
    finally:
        conn.close()


def _old_copy(version: int, tmp_path: Path) -> Path:
    path = tmp_path / "netgoals.db"
    shutil.copyfile(DATA / f"netgoals-v{version}.db", path)
    path.chmod(0o600)
    return path


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_an_old_database_upgrades_with_its_data_and_a_copy(tmp_path: Path, version: int):
    path = _old_copy(version, tmp_path)
    conn = sqlite3.connect(path)
    assert applied_migrations(conn) == MIGRATION_NAMES[:version]
    conn.close()
    before = _dump(path)

    with Store.open(path) as store:
        # every record, as it was written
        objectives = {o.title: o for o in store.objectives()}
        assert sorted(objectives) == ["Find a mentor", "Job as a trader", "Paused talk"]
        trader = objectives["Job as a trader"]
        assert trader.keywords == ["trader", "investment bank"] and trader.priority == "high"
        contacts = {c.name: c for c in store.contacts()}
        assert sorted(contacts) == [
            "Margaret O'Sullivan",
            "Priya Raman",
            "Tomasz Nowak",
            "Zoë Ďurová",
        ]
        priya = contacts["Priya Raman"]
        assert priya.tags == ["finance", "mentor"]
        # the call logged on 20 February moved her last contact on from 1 February
        assert (priya.last_contacted, priya.cadence_days) == (date(2026, 2, 20), 30)
        margaret = contacts["Margaret O'Sullivan"]
        (link,) = store.links()
        assert (link.contact_id, link.objective_id, link.relation) == (
            margaret.id,
            trader.id,
            "introduces",
        )
        assert link.note == "Her son-in-law runs a desk"
        (event,) = store.events()
        assert event.starts_at == datetime(2026, 3, 18, 18, 30)
        assert (event.objective_ids, event.contact_ids) == ([trader.id], [priya.id])
        assert event.uid == ""  # not from a calendar (m004 gave events a calendar UID)
        (activity,) = store.activities()
        assert activity.title == "Called Priya" and activity.discomfort == 4
        assert activity.objective_ids == [trader.id, objectives["Find a mentor"].id]
        assert activity.contact_ids == [priya.id, margaret.id]
        assert store.settings().weekly_target == 3

        # matching through the index, which a version-1 file did not have
        matching = store.matching(detail=True)
        assert matching.members[trader.id] == {priya.id, margaret.id}
        assert matching.members[objectives["Find a mentor"].id] == {priya.id}
        assert matching.offgoal_set == {contacts["Tomasz Nowak"].id, contacts["Zoë Ďurová"].id}
        reasons = {r.keyword: r.field for r in matching.matches_of(priya.id)[trader.id]}
        assert reasons == {"trader": "role", "investment bank": "organization"}
        store.conn.execute("INSERT INTO contact_search(contact_search) VALUES('integrity-check')")
        assert _index_rows(store.conn) == _expected_index_rows(store.conn)
        # the contacts listed in name order, by the index m003 made
        assert [row[1] for row in store.contact_list()] == sorted(contacts, key=str.casefold)

    conn = sqlite3.connect(path)
    assert applied_migrations(conn) == MIGRATION_NAMES
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT
    conn.close()

    # the copy made before migrating: private, at the old version, with the old rows
    copy = backup_path(path, CURRENT)
    assert copy.name == f"netgoals.db.before-v{CURRENT}.bak"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    assert applied_migrations(conn) == MIGRATION_NAMES[:version]
    conn.close()
    assert _dump(copy) == before

    # opened again: nothing to migrate, no new copy
    copy.unlink()
    with Store.open(path) as store:
        assert store.contact_count() == 4
    assert not copy.exists()


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_an_old_database_upgrades_through_the_command_line(tmp_path: Path, version: int, capsys):
    from netgoals.cli import run

    path = _old_copy(version, tmp_path)
    assert run(["--db", str(path), "offgoal"]) == 0
    out = capsys.readouterr().out
    assert "Tomasz Nowak" in out and "Zoë Ďurová" in out and "Priya" not in out
    assert backup_path(path, CURRENT).exists()
