"""The schema, as ordered migrations. Append new ones at the end; never edit a released one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from netgoals.core.matching import MATCHED_FIELDS

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

APPLICATION_ID = 0x6E67_6F6C  # "ngol": marks a SQLite file as netgoals' own
MIGRATION_SET = "netgoals"

MIGRATIONS: list[Callable[[Database], None]] = []
MIGRATION_NAMES: list[str] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register `fn` as the next migration, in the order of this file."""
    MIGRATIONS.append(fn)
    MIGRATION_NAMES.append(fn.__name__)
    return fn


def migrations() -> Migrations:
    """The migrations as a sqlite-utils set. Built only when a file needs migrating: importing
    sqlite-utils costs more start-up time than everything else an existing file needs."""
    from sqlite_utils import Migrations

    ordered = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        ordered()(fn)
    return ordered


@migration
def m001_initial(db: Database) -> None:
    statements = [
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE objectives (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
            purpose TEXT NOT NULL,
            why TEXT NOT NULL DEFAULT '',
            ask TEXT NOT NULL DEFAULT '',
            keywords TEXT NOT NULL DEFAULT '[]',
            hangouts TEXT NOT NULL DEFAULT '[]',
            priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
            status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'achieved', 'dropped')),
            target_date TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE contacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            organization TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            how_met TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            introduces_to TEXT NOT NULL DEFAULT '',
            last_contacted TEXT,
            cadence_days INTEGER,
            source TEXT NOT NULL DEFAULT 'manual',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE links (
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
            relation TEXT NOT NULL CHECK (relation IN ('helps', 'introduces', 'excluded')),
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (contact_id, objective_id)
        )""",
        "CREATE INDEX links_objective ON links(objective_id)",
        """CREATE TABLE activities (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            date TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            effort_minutes INTEGER NOT NULL CHECK (effort_minutes BETWEEN 0 AND 1440),
            discomfort INTEGER NOT NULL CHECK (discomfort BETWEEN 1 AND 5),
            payback INTEGER NOT NULL CHECK (payback BETWEEN 0 AND 5),
            outcome TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX activities_date ON activities(date)",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX events_starts_at ON events(starts_at)",
    ]
    # Who and what an activity or event involved. Deleting an objective or a contact removes
    # it from these lists and keeps the activity or event itself.
    for owner, owner_table in (("activity", "activities"), ("event", "events")):
        for ref, ref_table in (("objective", "objectives"), ("contact", "contacts")):
            table = f"{owner}_{ref}s"
            statements += [
                f"""CREATE TABLE {table} (
                    {owner}_id INTEGER NOT NULL REFERENCES {owner_table}(id) ON DELETE CASCADE,
                    {ref}_id INTEGER NOT NULL REFERENCES {ref_table}(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    PRIMARY KEY ({owner}_id, {ref}_id)
                )""",
                f"CREATE INDEX {table}_{ref} ON {table}({ref}_id)",
            ]
    for statement in statements:
        db.execute(statement)


# The contact fields that keyword matching reads (docs/matching.md), in index column order.
SEARCHED_FIELDS = MATCHED_FIELDS
# Case-folded, accents removed, split on anything but letters and digits, Porter-stemmed.
TOKENIZER = "porter unicode61 remove_diacritics 2"
TAG_BREAK = "\u01c2\u01c2"  # "ǂǂ": letters to the tokenizer, so a word between tags


def _search_row(prefix: str) -> str:
    """The SQL values of one contact_search row, read from `new` or `old` in a trigger."""
    values = []
    for name in SEARCHED_FIELDS:
        if name == "tags":
            # Tags are joined by a word no keyword will contain, so that a phrase never runs
            # from one tag into the next ("investment", "bank" is not "investment bank").
            values.append(
                f"(SELECT group_concat(value, ' {TAG_BREAK} ') FROM json_each({prefix}.tags))"
            )
        else:
            values.append(f"{prefix}.{name}")
    return ", ".join(values)


SEARCH_TRIGGERS = ("contacts_search_insert", "contacts_search_update", "contacts_search_delete")


def contact_search_statements() -> list[str]:
    """The SQL that makes the full-text index of every contact and the triggers that keep it in
    step: run by m002, and again to rebuild an index found missing or out of step."""
    columns = ", ".join(SEARCHED_FIELDS)
    row = _search_row("new")
    insert, update, delete = SEARCH_TRIGGERS
    return [
        f"CREATE VIRTUAL TABLE contact_search USING fts5({columns}, tokenize='{TOKENIZER}')",
        f"INSERT INTO contact_search (rowid, {columns}) SELECT id, {_search_row('contacts')}"
        " FROM contacts",
        f"""CREATE TRIGGER {insert} AFTER INSERT ON contacts BEGIN
            INSERT INTO contact_search (rowid, {columns}) VALUES (new.id, {row});
        END""",
        f"""CREATE TRIGGER {update} AFTER UPDATE ON contacts BEGIN
            DELETE FROM contact_search WHERE rowid = old.id;
            INSERT INTO contact_search (rowid, {columns}) VALUES (new.id, {row});
        END""",
        f"""CREATE TRIGGER {delete} AFTER DELETE ON contacts BEGIN
            DELETE FROM contact_search WHERE rowid = old.id;
        END""",
    ]


@migration
def m002_contact_search(db: Database) -> None:
    """A full-text index of the matched fields, kept in step with contacts by triggers."""
    for statement in contact_search_statements():
        db.execute(statement)


@migration
def m003_contact_name_order(db: Database) -> None:
    """Contacts are listed by name, ignoring case: keep them in that order."""
    db.execute("CREATE INDEX contacts_by_name ON contacts (name COLLATE NOCASE, id)")


@migration
def m004_event_calendar_uid(db: Database) -> None:
    """An event imported from a calendar keeps the calendar's id of it (its UID), so that the
    same calendar imported again updates the event instead of adding it twice."""
    db.execute("ALTER TABLE events ADD COLUMN uid TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX events_uid ON events(uid) WHERE uid != ''")


@migration
def m005_event_met(db: Database) -> None:
    """Who was met at each event (captured at or after it): they are due a follow-up."""
    db.execute(
        """CREATE TABLE event_met (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            PRIMARY KEY (event_id, contact_id)
        )"""
    )
    db.execute("CREATE INDEX event_met_contact ON event_met(contact_id)")
