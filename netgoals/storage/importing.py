"""The SQL of bringing many contacts in at once (`netgoals.formats.people` decides what to write).

An import of 30,000 rows must take seconds, not minutes: one query reads what identifies every
contact, one reads the few that match, and one `executemany` each inserts and updates. Call these
inside ``with store.transaction():`` so that the whole import lands or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from netgoals.core.models import Contact
from netgoals.storage.store import CONTACT_COLUMNS, Store, sql_value

_STAMPS = ("created_at", "updated_at")
# The fields an import reads and writes, in the order of the contacts table.
FIELDS = [c for c in CONTACT_COLUMNS if c not in _STAMPS]


def contact_keys(store: Store) -> list[tuple[int, str, str, str, str]]:
    """(id, name, organization, email, url) of every contact, in id order: what finds a person
    already in the database, read in one query without building a model per row."""
    return store._tuples(
        "SELECT id, name, organization, email, url FROM contacts ORDER BY id"
    ).fetchall()


def contact_fields(store: Store, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """id -> the stored fields of each contact in `ids` (one query), as the model's Python types.

    The rows were validated when written, so they are not validated again here.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    cursor = store._tuples(
        f"SELECT id, {', '.join(FIELDS)} FROM contacts"
        " WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(wanted),),
    )
    out: dict[int, dict[str, Any]] = {}
    for row in cursor:
        values = dict(zip(FIELDS, row[1:], strict=True))
        values["tags"] = json.loads(values["tags"] or "[]")
        if isinstance(values["last_contacted"], str):
            values["last_contacted"] = date.fromisoformat(values["last_contacted"])
        out[row[0]] = values
    return out


def _row(contact: Contact) -> list[Any]:
    values = contact.__dict__  # the validated field values, without model_dump's copying
    return [sql_value(values[name]) for name in FIELDS]


@contextmanager
def _staged(store: Store, columns: list[str], rows: list[list[Any]]) -> Iterator[str]:
    """`rows` in a temporary table, for one INSERT ... SELECT or UPDATE ... FROM.

    The full-text index is kept by triggers; fired from one statement they cost a third of
    what they cost from an `executemany` of 30,000 statements.
    """
    table = "temp.netgoals_import"
    store.conn.execute(f"DROP TABLE IF EXISTS {table}")
    store.conn.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
    try:
        store.conn.executemany(
            f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})", rows
        )
        yield table
    finally:
        store.conn.execute(f"DROP TABLE IF EXISTS {table}")


def insert_contacts(store: Store, contacts: Sequence[Contact], stamp: str) -> int:
    """Insert new, validated contacts, in order (their `id` is ignored); returns how many."""
    if not contacts:
        return 0
    columns = [*FIELDS, *_STAMPS]
    rows = [[*_row(contact), stamp, stamp] for contact in contacts]
    with _staged(store, columns, rows) as table:
        store.conn.execute(
            f"INSERT INTO contacts ({', '.join(columns)})"
            f" SELECT {', '.join(columns)} FROM {table} ORDER BY rowid"
        )
    return len(contacts)


def update_contacts(store: Store, contacts: Sequence[Contact], stamp: str) -> int:
    """Rewrite the fields of existing, validated contacts (by `id`), keeping `created_at`."""
    if not contacts:
        return 0
    rows = []
    for contact in contacts:
        if contact.id is None:
            raise ValueError("update_contacts needs contacts that have an id")
        rows.append([contact.id, *_row(contact), stamp])
    columns = ["id", *FIELDS, "updated_at"]
    assignments = ", ".join(f"{name} = staged.{name}" for name in columns[1:])
    with _staged(store, columns, rows) as table:
        store.conn.execute(
            f"UPDATE contacts SET {assignments} FROM {table} AS staged"
            " WHERE contacts.id = staged.id"
        )
    return len(rows)
