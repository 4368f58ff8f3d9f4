"""Builds the databases of older schema versions kept beside this script: `netgoals-vN.db`
holds a small network written at schema version N (the first N migrations of
`netgoals/storage/schema.py`, as a netgoals of that version left its files).

Each file is made by running only the first N migrations on a new file, then writing the
network through the store's own write methods on that connection, so rows are stored as
netgoals stores them. At version 1 there is no search index yet: the upgrade builds it from
the contacts already there. Run it from the repository's root when a migration is added, and
commit the new file:

    python tests/data/make_old_databases.py

The files already committed are never rebuilt: they stand for what users' files look like.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from netgoals.core.clock import fixed_clock
from netgoals.core.models import (
    Activity,
    Contact,
    Event,
    Link,
    Objective,
    Settings,
)
from netgoals.storage import database, schema
from netgoals.storage.store import Store

HERE = Path(__file__).resolve().parent
WRITTEN_AT = datetime(2026, 3, 1, 9, 0)


def path_of(version: int) -> Path:
    """Where the database of schema `version` is kept."""
    return HERE / f"netgoals-v{version}.db"


def write_network(store: Store) -> None:
    """The small network every old database holds (tests/storage/test_upgrade.py reads it)."""
    trader = store.save_objective(
        Objective(title="Job as a trader", keywords=["trader", "investment bank"], priority="high")
    )
    mentor = store.save_objective(
        Objective(title="Find a mentor", keywords=["mentor"], priority="medium")
    )
    store.save_objective(Objective(title="Paused talk", keywords=["meetup"], status="paused"))
    priya = store.save_contact(
        Contact(
            name="Priya Raman",
            organization="Harbour Investment Bank",
            role="Equity Trader",
            email="priya@example.org",
            tags=["finance", "mentor"],
            last_contacted=date(2026, 2, 1),
            cadence_days=30,
        )
    )
    margaret = store.save_contact(
        Contact(name="Margaret O'Sullivan", role="Retired piano teacher", notes="Knows Richard")
    )
    store.save_contact(Contact(name="Tomasz Nowak", role="Baker", location="Walthamstow"))
    store.save_contact(Contact(name="Zoë Ďurová", how_met="Meetup about bread"))
    store.set_link(
        Link(
            contact_id=margaret.id or 0,
            objective_id=trader.id or 0,
            relation="introduces",
            note="Her son-in-law runs a desk",
        )
    )
    store.save_event(
        Event(
            name="Careers evening",
            starts_at=datetime(2026, 3, 18, 18, 30),
            place="The Gresham Rooms",
            objective_ids=[trader.id or 0],
            contact_ids=[priya.id or 0],
        )
    )
    store.save_activity(
        Activity(
            date=date(2026, 2, 20),
            kind="call",
            title="Called Priya",
            objective_ids=[trader.id or 0, mentor.id or 0],
            contact_ids=[priya.id or 0, margaret.id or 0],
            effort_minutes=45,
            discomfort=4,
            payback=3,
            outcome="She will ask her desk",
        )
    )
    store.save_settings(Settings(weekly_target=3))


def build(version: int) -> Path:
    """Write the database of schema `version` (refusing to replace one already made)."""
    path = path_of(version)
    if path.exists():
        raise SystemExit(f"{path} exists: old databases are made once and kept")
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    conn = database.connect(path)
    try:
        from sqlite_utils import Database, Migrations

        migrations = Migrations(schema.MIGRATION_SET)
        for fn in schema.MIGRATIONS[:version]:
            migrations()(fn)
        migrations.apply(Database(conn, execute_plugins=False, recursive_triggers=False))
        conn.execute(f"PRAGMA user_version = {version}")
        write_network(Store(conn, path, clock=fixed_clock(WRITTEN_AT)))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the one file
    finally:
        conn.close()
    return path


if __name__ == "__main__":
    for version in range(1, len(schema.MIGRATIONS)):  # every version before the current one
        if not path_of(version).exists():
            print("made", build(version))
