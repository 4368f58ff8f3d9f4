"""Reading and writing the domain models. The only code above SQL that the app and CLI call.

Each public method that writes is one transaction; several can be grouped in
``with store.transaction():`` so that a whole user action (an import, say) lands or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from netgoals.core.clock import Clock, system_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.followups import Met
from netgoals.core.matching import KeywordHit, Matching, Reason, active_keywords, match
from netgoals.core.models import (
    Activity,
    ActivityKind,
    Contact,
    Event,
    Link,
    Objective,
    Settings,
    clean_line,
    clean_list,
    format_when,
    parse_target_changes,
    problems,
)
from netgoals.core.motivation import Logged, ObjectiveEffort, TargetChanges, change_target
from netgoals.core.payback import Done
from netgoals.core.text import escape_controls, has_controls
from netgoals.storage import search
from netgoals.storage.cipher import Passphrase, errors, is_encrypted, row_type
from netgoals.storage.database import BUSY_TIMEOUT_MS, open_database

# The lists of ids an activity or event keeps in a join table: field -> (table, column of
# the id, table the ids point at). Deleting the record pointed at removes it from the list.
_JOINED: dict[str, dict[str, tuple[str, str, str]]] = {
    "activity": {
        "objective_ids": ("activity_objectives", "objective_id", "objectives"),
        "contact_ids": ("activity_contacts", "contact_id", "contacts"),
    },
    "event": {
        "objective_ids": ("event_objectives", "objective_id", "objectives"),
        "contact_ids": ("event_contacts", "contact_id", "contacts"),
        "met_ids": ("event_met", "contact_id", "contacts"),
    },
}
_REFERENCES = ("id", "objective_ids", "contact_ids", "met_ids")  # the id, and joined lists
OBJECTIVE_COLUMNS = [f for f in Objective.model_fields if f not in _REFERENCES]
CONTACT_COLUMNS = [f for f in Contact.model_fields if f not in _REFERENCES]
ACTIVITY_COLUMNS = [f for f in Activity.model_fields if f not in _REFERENCES]
EVENT_COLUMNS = [f for f in Event.model_fields if f not in _REFERENCES]
LIST_COLUMNS = {"keywords", "hangouts", "tags"}
_ACTIVITY_KINDS = frozenset(kind.value for kind in ActivityKind)
TARGET_CHANGES = "weekly_target_changes"  # the settings key of the weekly target's history
# kind -> (table, model, columns written)
_KINDS: dict[str, tuple[str, Any, list[str]]] = {
    "objective": ("objectives", Objective, OBJECTIVE_COLUMNS),
    "contact": ("contacts", Contact, CONTACT_COLUMNS),
    "activity": ("activities", Activity, ACTIVITY_COLUMNS),
    "event": ("events", Event, EVENT_COLUMNS),
}


def sql_value(value: Any) -> Any:
    """A model value as stored: lists as JSON, dates as ISO text."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):  # dates and datetimes alike
        return value.isoformat()
    return value


def _values(item: Any) -> dict[str, Any]:
    """A model's values to write; an event's start is kept as the backup spells it."""
    values = item.model_dump()
    if isinstance(item, Event):
        values["starts_at"] = format_when(item.starts_at)
    return values


def _valid(item: Any) -> Any:
    """`item` checked again: a model changed with `model_copy(update=...)` skipped validation."""
    return type(item).model_validate(item.model_dump(warnings=False))


def _clean_texts(texts: tuple[str, ...]) -> tuple[str, ...]:
    """One-line texts read straight from the database (not through a model), cleaned as the
    models clean what they are given: another program may have written control characters
    into the file, and they must not reach a screen. Ordinary rows are returned as they are."""
    if not has_controls("".join(texts)):
        return texts
    return tuple(clean_line(text) for text in texts)


def _clean_tags(joined: str) -> str:
    """Tags joined by ", ", cleaned as a model cleans its list of tags."""
    return ", ".join(clean_list(joined.split(", "))) if has_controls(joined) else joined


M = TypeVar("M", bound=BaseModel)


def _label(kind: str, row: Mapping[str, Any]) -> str:
    """How a notice names a stored record: ``contact #12 (Ann Lee)``."""
    if kind == "link":
        return f"the link of contact #{row['contact_id']} to objective #{row['objective_id']}"
    name = row.get("name", row.get("title"))
    named = f" ({clean_line(name)[:60]})" if isinstance(name, str) and clean_line(name) else ""
    return f"{kind} #{row.get('id')}{named}"


def _from_row(
    model: type[M], row: dict[str, Any], kind: str, extra: Mapping[str, Any] | None = None
) -> M | str:
    """A stored row as a checked `model`, or, when the row does not hold a valid one (the file
    was edited by other means), the notice that names the record and says what is wrong.

    Columns the model does not know (one added to the table by hand) are ignored.
    """
    known = model.model_fields  # a property that costs a microsecond: read it once
    data = {name: value for name, value in row.items() if name in known}
    found: list[tuple[str, str]] = []
    for column in LIST_COLUMNS & data.keys():
        try:
            data[column] = json.loads(data[column])
        except (TypeError, ValueError, RecursionError):
            found.append((column, f"{str(data.pop(column))[:40]!r} is not a JSON list"))
    data.update(extra or {})
    try:
        item = model.model_validate(data)
    except ValidationError as error:
        found += [(path, message) for path, message in problems(error) if path not in dict(found)]
    if found:
        detail = "; ".join(f"{path}: {message}" for path, message in found)
        return escape_controls(f"{_label(kind, row)} is damaged: {detail}")
    return item


# What an edit compares and writes: everything but the id and the store's own timestamps.
_NOT_EDITED = {"id", "created_at", "updated_at"}


def _kind_of(item: Any) -> str:
    return next(kind for kind, (_t, model, _c) in _KINDS.items() if isinstance(item, model))


class Conflict(NetgoalsError):
    """An edit changed fields that were also changed elsewhere since the edit began.

    `fields` maps each such field to (the edit's value, the value stored now); `current` is
    the record as stored now. Nothing was written.
    """

    def __init__(self, kind: str, fields: dict[str, tuple[Any, Any]], current: Any) -> None:
        names = ", ".join(fields)
        super().__init__(f"this {kind} was changed elsewhere meanwhile ({names}); nothing written")
        self.kind = kind
        self.fields = fields
        self.current = current


class Gone(NetgoalsError):
    """An edit of a record that was deleted elsewhere since the edit began. Nothing was
    written."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"this {kind} was deleted elsewhere meanwhile; nothing was written")
        self.kind = kind


def _seconds(ms: int) -> str:
    if ms % 1000 == 0:
        return f"{ms // 1000} second{'s' if ms != 1000 else ''}"
    return f"{ms / 1000:g} seconds"


@dataclass
class Removed:
    """What a delete took away, kept so that it can be undone exactly."""

    kind: str  # "objective" | "contact" | "activity" | "event"
    item: Objective | Contact | Activity | Event
    links: list[Link] = field(default_factory=list)
    # (table, owner id, referenced id, position) rows of activity/event references
    references: list[tuple[str, int, int, int]] = field(default_factory=list)

    @property
    def label(self) -> str:
        name = getattr(self.item, "title", None) or getattr(self.item, "name", "")
        return f"{self.kind} {name!r}"


class Store:
    """The netgoals database: open it with `Store.open(path)`."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        clock: Clock = system_clock,
        *,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        self.conn = conn
        self.conn.row_factory = row_type(conn)
        self.path = path
        self.clock = clock
        # what was put right when the file was opened, one line each, for the user to see
        self.notices: list[str] = []
        # Records found damaged (written by other means than netgoals), each named once: the
        # readers skip them and go on with the rest. `on_damage` hears of each as it is found.
        self.damaged: dict[str, str] = {}
        self.on_damage: Callable[[str], None] | None = None
        self.busy_timeout_ms = busy_timeout_ms
        # what opens the file again (another connection), None for a plain file
        self.passphrase: Passphrase | None = None
        if busy_timeout_ms != BUSY_TIMEOUT_MS:
            self.conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        clock: Clock = system_clock,
        create: bool = True,
        create_folder: bool = False,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        passphrase: Passphrase | None = None,
    ) -> Store:
        """Open (or create) the database at `path`. `busy_timeout_ms`: how long a write waits
        for another program holding the write lock before it is refused. `passphrase` opens
        an encrypted file (see open_database for what is raised without it)."""
        path = Path(path).expanduser()
        notices: list[str] = []
        conn = open_database(
            path,
            create=create,
            create_folder=create_folder,
            notices=notices,
            passphrase=passphrase,
        )
        store = cls(conn, path, clock, busy_timeout_ms=busy_timeout_ms)
        store.notices = notices
        if is_encrypted(conn):
            store.passphrase = passphrase
        return store

    def another(self, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """A second connection to this database (for another thread), opened as this one
        was: the same clock, and the passphrase of an encrypted file."""
        return Store.open(
            self.path,
            clock=self.clock,
            create=False,
            busy_timeout_ms=busy_timeout_ms,
            passphrase=self.passphrase,
        )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, dry_run: bool = False) -> Iterator[None]:
        """All writes inside land together or not at all. Nested blocks are savepoints.

        With `dry_run`, the block runs whole (so it can report what it would do) and is then
        rolled back. A database error becomes a NetgoalsError (one line for the user), after
        the rollback.
        """
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT nested")
            try:
                yield
            except BaseException:
                # an error may already have ended the whole transaction, savepoint included
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK TO nested")
                    self.conn.execute("RELEASE nested")
                raise
            if dry_run:
                self.conn.execute("ROLLBACK TO nested")
            self.conn.execute("RELEASE nested")
            return
        try:
            # IMMEDIATE takes the write lock up front, so a second copy of the app waits
            # (busy_timeout) instead of failing half-way through.
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("ROLLBACK" if dry_run else "COMMIT")
            except BaseException:
                # also when COMMIT itself fails: never leave the connection in a transaction
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except errors.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise NetgoalsError(
                    f"{self.path} is busy: another program kept it locked for over "
                    f"{_seconds(self.busy_timeout_ms)}; nothing was written, try again"
                ) from error
            raise NetgoalsError(f"{self.path}: nothing was written ({error})") from error
        except (*errors.DatabaseError, OverflowError) as error:
            raise NetgoalsError(f"{self.path}: nothing was written ({error})") from error

    def timestamp(self) -> str:
        """Now, as stored in created_at and updated_at."""
        # always with its UTC offset, so stored moments compare (a naive clock is local time)
        return self.clock().astimezone().replace(microsecond=0).isoformat()

    def _checked(self, model: type[M], row: Mapping[str, Any], kind: str, **extra: Any) -> M | None:
        """`row` as a `model`, or None when it is damaged (then noted in `damaged`)."""
        row = dict(row)  # a sqlite3.Row has keys but no items()
        item = _from_row(model, row, kind, extra)
        if isinstance(item, str):
            self._note_damage(_label(kind, row), item)
            return None
        return item

    def _note_damage(self, record: str, notice: str) -> None:
        if record in self.damaged:
            return
        self.damaged[record] = notice
        if self.on_damage is not None:
            self.on_damage(notice)

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    def _tuples(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """Rows as plain tuples: several times cheaper than Row objects over 30,000 rows."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, tuple(params))

    # --- meta and settings -----------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def settings(self) -> Settings:
        """The settings; one that is damaged is noted and its default used instead."""
        known: dict[str, Any] = {}
        for key, value in self._query("SELECT key, value FROM settings"):
            if key not in Settings.model_fields:
                continue
            try:
                known[key] = json.loads(value)
            except (TypeError, ValueError, RecursionError):
                self._damaged_setting(key, f"{str(value)[:40]!r} is not JSON")
                continue
            try:
                Settings.model_validate({key: known[key]})
            except ValidationError as error:
                self._damaged_setting(key, "; ".join(m for _, m in problems(error)))
                del known[key]
        return Settings.model_validate(known)

    def _damaged_setting(self, key: str, problem: str) -> None:
        default = Settings.model_fields[key].default
        notice = f"the setting {key} is damaged: {problem}; the default ({default}) is used"
        self._note_damage(f"setting {key}", escape_controls(notice))

    def save_settings(
        self, settings: Settings, *, target_changes: TargetChanges | None = None
    ) -> Settings:
        """Write the settings. A new weekly target holds from this week (by the store's clock)
        on and is recorded in the target's history, so that past weeks keep the target they
        had; `target_changes`, when given, is written as that history instead (a restore)."""
        settings = _valid(settings)
        with self.transaction():
            if target_changes is None:
                target_changes = change_target(
                    self.weekly_target_changes(),
                    self.settings().weekly_target,
                    settings.weekly_target,
                    self.clock().date(),
                )
            values = {
                **settings.model_dump(),
                TARGET_CHANGES: [[start.isoformat(), value] for start, value in target_changes],
            }
            for key, value in values.items():
                self.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value)),
                )
        return settings

    def weekly_target_changes(self) -> list[tuple[date, int]]:
        """The weekly target's history, oldest first: (Monday, target from that week on).
        Empty when the target never changed (or its record is unreadable): every week is then
        judged by the current target."""
        row = self.conn.execute(
            "SELECT value FROM settings WHERE key = ?", (TARGET_CHANGES,)
        ).fetchone()
        if row is None:
            return []
        try:
            return parse_target_changes(json.loads(row[0]))
        except (ValueError, ValidationError):
            return []

    # --- generic row writing ---------------------------------------------------------------

    def _write(self, table: str, columns: list[str], item: Any, values: dict[str, Any]) -> int:
        """Insert `item` (keeping its id when it has one and that id is free) or update it."""
        row = [sql_value(values[c]) for c in columns]
        placeholders = ", ".join("?" * len(columns))
        if item.id is not None:
            exists = self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (item.id,)).fetchone()
            if exists:
                assignments = ", ".join(f"{c} = ?" for c in columns if c != "created_at")
                kept = [v for c, v in zip(columns, row, strict=True) if c != "created_at"]
                self.conn.execute(
                    f"UPDATE {table} SET {assignments} WHERE id = ?", (*kept, item.id)
                )
                return item.id
            cursor = self.conn.execute(
                f"INSERT INTO {table} (id, {', '.join(columns)}) VALUES (?, {placeholders})",
                (item.id, *row),
            )
        else:
            cursor = self.conn.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", row
            )
        return int(cursor.lastrowid or 0)

    def _stamped(self, item: Objective | Contact) -> dict[str, Any]:
        values = item.model_dump()
        now = self.timestamp()
        values["created_at"] = item.created_at.isoformat() if item.created_at else now
        values["updated_at"] = now
        return values

    def _owned(self, owner: str, where: str = "", params: tuple[Any, ...] = ()) -> list[Any]:
        """Activities or events (`owner`) as models, with the objectives and contacts each
        involves; `where` selects and orders them (e.g. "ORDER BY date")."""
        table, model, _columns = _KINDS[owner]
        rows = self._query(f"SELECT * FROM {table} {where}", params)
        refs: dict[str, dict[int, list[int]]] = {}
        for name, (ref_table, column, _pointed) in _JOINED[owner].items():
            refs[name] = {}
            for owner_id, ref_id in self._query(
                f"SELECT {owner}_id, {column} FROM {ref_table}"
                f" WHERE {owner}_id IN (SELECT id FROM {table} {where})"
                f" ORDER BY {owner}_id, position",
                params,
            ):
                refs[name].setdefault(owner_id, []).append(ref_id)
        checked = (
            self._checked(
                model,
                row,
                owner,
                **{name: found.get(row["id"], []) for name, found in refs.items()},
            )
            for row in rows
        )
        return [item for item in checked if item is not None]

    def _save_owned(self, owner: str, item: Activity | Event) -> int:
        """Write an activity or event and the objectives and contacts it involves."""
        table, _model, columns = _KINDS[owner]
        for name, (_table, _column, pointed) in _JOINED[owner].items():
            self._check_ids(pointed[:-1], pointed, getattr(item, name))
        item_id = self._write(table, columns, item, _values(item))
        for name in _JOINED[owner]:
            self._write_references(owner, name, item_id, getattr(item, name))
        return item_id

    def _write_references(self, owner: str, name: str, owner_id: int, ids: list[int]) -> None:
        """Replace the list of ids `name` (objective_ids, contact_ids, met_ids) of an activity
        or event (`owner`)."""
        ref_table, column, _pointed = _JOINED[owner][name]
        self.conn.execute(f"DELETE FROM {ref_table} WHERE {owner}_id = ?", (owner_id,))
        self.conn.executemany(
            f"INSERT INTO {ref_table} ({owner}_id, {column}, position) VALUES (?, ?, ?)",
            [(owner_id, ref_id, position) for position, ref_id in enumerate(ids)],
        )

    def _check_ids(self, what: str, table: str, ids: list[int]) -> None:
        for ref_id in ids:
            if not self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ref_id,)).fetchone():
                raise NetgoalsError(f"there is no {what} with id {ref_id}")

    # --- objectives ------------------------------------------------------------------------

    def objectives(self) -> list[Objective]:
        """Every objective (those damaged are noted and left out)."""
        checked = (
            self._checked(Objective, row, "objective")
            for row in self._query("SELECT * FROM objectives ORDER BY id")
        )
        return [item for item in checked if item is not None]

    def objective(self, objective_id: int) -> Objective | None:
        """One objective, or None when there is none (or it is damaged: then it is noted)."""
        rows = self._query("SELECT * FROM objectives WHERE id = ?", (objective_id,))
        return self._checked(Objective, rows[0], "objective") if rows else None

    def save_objective(self, objective: Objective) -> Objective:
        """Insert or update; returns the objective as stored (with id and timestamps)."""
        objective = _valid(objective)
        with self.transaction():
            values = self._stamped(objective)
            new_id = self._write("objectives", OBJECTIVE_COLUMNS, objective, values)
        saved = self.objective(new_id)
        assert saved is not None
        return saved

    # --- contacts --------------------------------------------------------------------------

    def contacts(self) -> list[Contact]:
        """Every contact (those damaged are noted and left out)."""
        checked = (
            self._checked(Contact, row, "contact")
            for row in self._query("SELECT * FROM contacts ORDER BY id")
        )
        return [item for item in checked if item is not None]

    def contact(self, contact_id: int) -> Contact | None:
        """One contact, or None when there is none (or it is damaged: then it is noted)."""
        rows = self._query("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        return self._checked(Contact, rows[0], "contact") if rows else None

    def contact_summaries(self) -> dict[int, tuple[str, str, str]]:
        """id -> (name, organization, role) of every contact: light enough for 30,000 rows."""
        cursor = self._tuples("SELECT id, name, organization, role FROM contacts")
        return {row[0]: _clean_texts(row[1:]) for row in cursor}

    def contact_summaries_of(self, contact_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
        """`contact_summaries` of just `contact_ids` (those that exist)."""
        cursor = self._tuples(
            "SELECT id, name, organization, role FROM contacts"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(contact_ids)),),
        )
        return {row[0]: _clean_texts(row[1:]) for row in cursor}

    def contact_names_of(self, contact_ids: Iterable[int]) -> dict[int, str]:
        """id -> name of the contacts of `contact_ids` that exist."""
        cursor = self._tuples(
            "SELECT id, name FROM contacts WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(contact_ids))),),
        )
        return {i: clean_line(n) if has_controls(n) else n for i, n in cursor}

    def contact_names(self) -> dict[int, str]:
        """id -> name of every contact: what ordering people by name needs, at a third of the
        cost of `contact_summaries`."""
        names: dict[int, str] = dict(self._tuples("SELECT id, name FROM contacts"))
        if has_controls("".join(names.values())):  # one check for the whole network
            names = {i: clean_line(n) if has_controls(n) else n for i, n in names.items()}
        return names

    def contact_list(
        self, limit: int | None = None, *, only: list[int] | None = None
    ) -> list[tuple[int, str, str, str, str]]:
        """(id, name, organization, role, tags joined by ", ") of every contact (or of the
        first `limit`; or of those of `only` that exist), in name order: what a list of 30,000
        contacts needs, without building a model per row."""
        where, params = "", ()
        if only is not None:
            where, params = " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(only),)
        cursor = self._tuples(
            "SELECT id, name, organization, role,"
            " coalesce((SELECT group_concat(value, ', ') FROM json_each(tags)), '')"
            f" FROM contacts{where} ORDER BY name COLLATE NOCASE, id LIMIT ?",
            (*params, -1 if limit is None else limit),
        )
        return [
            (row[0], *_clean_texts(row[1:4]), _clean_tags(row[4]))
            if has_controls(f"{row[1]}{row[2]}{row[3]}{row[4]}")
            else row
            for row in cursor
        ]

    def contact_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM contacts").fetchone()[0])

    def save_contact(self, contact: Contact) -> Contact:
        """Insert or update; returns the contact as stored (with id and timestamps)."""
        contact = _valid(contact)
        with self.transaction():
            values = self._stamped(contact)
            new_id = self._write("contacts", CONTACT_COLUMNS, contact, values)
        saved = self.contact(new_id)
        assert saved is not None
        return saved

    # --- links -----------------------------------------------------------------------------

    def links(self, contact_ids: list[int] | None = None) -> list[Link]:
        """Every link, or those of `contact_ids`."""
        sql, params = "SELECT * FROM links", ()
        if contact_ids is not None:
            sql += " WHERE contact_id IN (SELECT value FROM json_each(?))"
            params = (json.dumps(contact_ids),)
        rows = self._query(sql + " ORDER BY contact_id, objective_id", params)
        checked = (self._checked(Link, row, "link") for row in rows)
        return [link for link in checked if link is not None]

    def set_link(self, link: Link) -> Link:
        """Join a contact and an objective (replacing any earlier relation between them)."""
        link = _valid(link)
        with self.transaction():
            self._check_ids("contact", "contacts", [link.contact_id])
            self._check_ids("objective", "objectives", [link.objective_id])
            self.conn.execute(
                "INSERT INTO links (contact_id, objective_id, relation, note) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (contact_id, objective_id)"
                " DO UPDATE SET relation = excluded.relation, note = excluded.note",
                (link.contact_id, link.objective_id, link.relation.value, link.note),
            )
        return link

    def remove_link(self, contact_id: int, objective_id: int) -> bool:
        with self.transaction():
            cursor = self.conn.execute(
                "DELETE FROM links WHERE contact_id = ? AND objective_id = ?",
                (contact_id, objective_id),
            )
        return cursor.rowcount > 0

    # --- activities ------------------------------------------------------------------------

    def activities(self) -> list[Activity]:
        return self._owned("activity", "ORDER BY date, id")

    def activity_totals(self) -> dict[int, ObjectiveEffort]:
        """Per objective: how many activities, their effort, payback and last date (activities
        that are damaged are left out, as from the history)."""
        logged = self._logged()
        totals: dict[int, ObjectiveEffort] = {}
        for objective_id, activity_id in self._tuples(
            "SELECT objective_id, activity_id FROM activity_objectives"
        ):
            item = logged.get(activity_id)
            if item is None:
                continue
            total = totals.get(objective_id)
            if total is None:
                total = totals[objective_id] = ObjectiveEffort(objective_id)
            total.add(item)
        return totals

    def activity_history(self) -> list[Logged]:
        """Date, effort, discomfort and payback of every activity: what the tracker adds up
        (an activity that is damaged is noted and left out)."""
        return list(self._logged().values())

    def _logged(self) -> dict[int, Logged]:
        """What the tracker needs of each activity, by id, read as light tuples; a row that
        does not look sound is checked whole, and left out (noted) when it is damaged."""
        out: dict[int, Logged] = {}
        cursor = self._tuples(
            "SELECT id, date, effort_minutes, discomfort, payback FROM activities"
        )
        for activity_id, day, effort, discomfort, payback in cursor:
            try:
                if (
                    len(day) == 10
                    and type(effort) is int
                    and 0 <= effort <= 1440
                    and type(discomfort) is int
                    and 1 <= discomfort <= 5
                    and type(payback) is int
                    and 0 <= payback <= 5
                ):
                    out[activity_id] = Logged(date.fromisoformat(day), effort, discomfort, payback)
                    continue
            except (TypeError, ValueError):
                pass
            activity = self.activity(activity_id)
            if activity is not None:
                out[activity_id] = Logged(
                    activity.date, activity.effort_minutes, activity.discomfort, activity.payback
                )
        return out

    def payback_history(self, since: date) -> list[Done]:
        """Date, kind, effort, payback and objectives of each activity dated `since` or later:
        what the payback figures add up, read as light tuples (a row that does not look sound
        is read whole, and left out, noted, when it is damaged)."""
        objectives: dict[int, list[int]] = {}
        for activity_id, objective_id in self._tuples(
            "SELECT activity_id, objective_id FROM activity_objectives WHERE activity_id IN"
            " (SELECT id FROM activities WHERE date >= ?) ORDER BY activity_id, position",
            (since.isoformat(),),
        ):
            objectives.setdefault(activity_id, []).append(objective_id)
        out: list[Done] = []
        cursor = self._tuples(
            "SELECT id, date, kind, effort_minutes, payback FROM activities"
            " WHERE date >= ? ORDER BY date, id",
            (since.isoformat(),),
        )
        for activity_id, day, kind, effort, payback in cursor:
            try:
                if (
                    len(day) == 10
                    and kind in _ACTIVITY_KINDS
                    and type(effort) is int
                    and 0 <= effort <= 1440
                    and type(payback) is int
                    and 0 <= payback <= 5
                ):
                    ids = objectives.get(activity_id, [])
                    out.append(
                        Done(date.fromisoformat(day), ActivityKind(kind), effort, payback, ids)
                    )
                    continue
            except (TypeError, ValueError):
                pass
            activity = self.activity(activity_id)
            if activity is not None:
                out.append(
                    Done(
                        activity.date,
                        activity.kind,
                        activity.effort_minutes,
                        activity.payback,
                        activity.objective_ids,
                    )
                )
        return out

    def recent_activities(self, limit: int = 100) -> list[Activity]:
        """The latest activities, newest first."""
        return self._owned("activity", "ORDER BY date DESC, id DESC LIMIT ?", (limit,))

    def activity(self, activity_id: int) -> Activity | None:
        found = self._owned("activity", "WHERE id = ?", (activity_id,))
        return found[0] if found else None

    def cadence_contacts(
        self, *, only: list[int] | None = None
    ) -> list[tuple[int, str, date | None, int | None]]:
        """(id, name, last_contacted, cadence_days) of contacts with a keep-in-touch interval
        (of those of `only`, when given)."""
        where, params = "", ()
        if only is not None:
            where, params = " AND id IN (SELECT value FROM json_each(?))", (json.dumps(only),)
        cursor = self._tuples(
            "SELECT id, name, last_contacted, cadence_days FROM contacts"
            " WHERE cadence_days IS NOT NULL" + where,
            params,
        )
        out: list[tuple[int, str, date | None, int | None]] = []
        for contact_id, name, last, cadence in cursor:
            try:
                if type(cadence) is int and 1 <= cadence <= 3650 and (not last or len(last) == 10):
                    shown = clean_line(name) if has_controls(name) else name
                    out.append(
                        (contact_id, shown, date.fromisoformat(last) if last else None, cadence)
                    )
                    continue
            except (TypeError, ValueError):
                pass
            # not sound at a glance: read it whole, which notes it if it is damaged
            contact = self.contact(contact_id)
            if contact is not None and contact.cadence_days is not None:
                out.append((contact_id, contact.name, contact.last_contacted, contact.cadence_days))
        return out

    def save_activity(self, activity: Activity) -> Activity:
        activity = _valid(activity)
        with self.transaction():
            activity_id = self._save_owned("activity", activity)
            self._touch_contacts(activity)
        return activity.model_copy(update={"id": activity_id})

    def _touch_contacts(self, activity: Activity) -> None:
        # Having done something with them moves their last contact forward (never back).
        day = activity.date.isoformat()
        self.conn.executemany(
            "UPDATE contacts SET last_contacted = ?, updated_at = ?"
            " WHERE id = ? AND (last_contacted IS NULL OR last_contacted < ?)",
            [(day, self.timestamp(), contact_id, day) for contact_id in activity.contact_ids],
        )

    # --- events ----------------------------------------------------------------------------

    def events(self) -> list[Event]:
        return self._owned("event", "ORDER BY starts_at, id")

    def contact_ids_by_email(self, emails: Iterable[str]) -> dict[str, int]:
        """Folded email -> the id of the contact with that email (ignoring case), for each of
        `emails` (folded) that is a contact's; the first contact when two share one."""
        cursor = self._tuples(
            "SELECT lower(email), min(id) FROM contacts"
            " WHERE lower(email) IN (SELECT value FROM json_each(?)) GROUP BY lower(email)",
            (json.dumps(sorted({e.casefold() for e in emails})),),
        )
        return dict(cursor)

    def save_event(self, event: Event) -> Event:
        event = _valid(event)
        with self.transaction():
            event_id = self._save_owned("event", event)
        return event.model_copy(update={"id": event_id})

    def event(self, event_id: int) -> Event | None:
        """One event, or None when there is none (or it is damaged: then it is noted)."""
        found = self._owned("event", "WHERE id = ?", (event_id,))
        return found[0] if found else None

    def mark_met(self, event_id: int, contact_id: int) -> bool:
        """Record that `contact_id` was met at event `event_id`: they become one of its people
        (if they were not already expected), are marked as met, and their last contact moves
        forward (never back) to the event's date. Returns False when they were marked as met
        there already."""
        with self.transaction():
            event = self.event(event_id)
            if event is None:
                raise NetgoalsError("this event was deleted meanwhile; nothing was written")
            self._check_ids("contact", "contacts", [contact_id])
            if contact_id in event.met_ids:
                return False
            for name, ids in (("contact_ids", event.contact_ids), ("met_ids", event.met_ids)):
                if contact_id not in ids:
                    ref_table, column, _pointed = _JOINED["event"][name]
                    self.conn.execute(
                        f"INSERT INTO {ref_table} (event_id, {column}, position)"
                        f" SELECT ?, ?, coalesce(max(position) + 1, 0) FROM {ref_table}"
                        " WHERE event_id = ?",
                        (event_id, contact_id, event_id),
                    )
            day = event.start_date.isoformat()
            self.conn.execute(
                "UPDATE contacts SET last_contacted = ?, updated_at = ?"
                " WHERE id = ? AND (last_contacted IS NULL OR last_contacted < ?)",
                (day, self.timestamp(), contact_id, day),
            )
        return True

    def met_people(self) -> list[Met]:
        """Everyone marked as met at an event, one entry per event and person."""
        events = [e for e in self.events() if e.met_ids]
        names = self.contact_names_of(i for e in events for i in e.met_ids)
        return [
            Met(event.id or 0, event.name, event.start_date, contact_id, names[contact_id])
            for event in events
            for contact_id in event.met_ids
            if contact_id in names
        ]

    def activities_with(self, contact_ids: Iterable[int]) -> dict[int, list[tuple[date, Any]]]:
        """By contact id (of `contact_ids`), the (date, kind) of each activity logged with
        them (an activity that is damaged is left out)."""
        out: dict[int, list[tuple[date, Any]]] = {}
        for contact_id, day, kind in self._tuples(
            "SELECT ac.contact_id, a.date, a.kind FROM activity_contacts ac"
            " JOIN activities a ON a.id = ac.activity_id"
            " WHERE ac.contact_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(contact_ids))),),
        ):
            try:
                entry = (date.fromisoformat(day), ActivityKind(kind))
            except (TypeError, ValueError):
                continue  # damaged: the activity lists note it when they read it
            out.setdefault(contact_id, []).append(entry)
        return out

    # --- deletes and undo ------------------------------------------------------------------

    # every join table: (table, owner kind, owner table, column of the id, table pointed at)
    _REFERENCE_TABLES = tuple(
        (ref_table, owner, _KINDS[owner][0], column, pointed)
        for owner, joined in _JOINED.items()
        for ref_table, column, pointed in joined.values()
    )

    def delete(self, kind: str, item_id: int) -> Removed | None:
        """Delete one objective, contact, activity or event with everything that points at it.

        Returns what was removed (for `restore`), or None if there was nothing to delete.
        """
        table = _KINDS[kind][0]
        with self.transaction():
            item = self._get(kind, item_id)
            if item is None:
                return None
            links: list[Link] = []
            if kind in ("objective", "contact"):
                rows = self._query(f"SELECT * FROM links WHERE {kind}_id = ?", (item_id,))
                links = [link for row in rows if (link := self._checked(Link, row, "link"))]
            references: list[tuple[str, int, int, int]] = []
            for ref_table, owner, _owner_table, ref_column, pointed in self._REFERENCE_TABLES:
                if kind == owner or table == pointed:
                    column = f"{owner}_id" if kind == owner else ref_column
                    references += [
                        (ref_table, row[0], row[1], row[2])
                        for row in self._query(
                            f"SELECT {owner}_id, {ref_column}, position FROM {ref_table}"
                            f" WHERE {column} = ?",
                            (item_id,),
                        )
                    ]
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (item_id,))
        return Removed(kind, item, links, references)

    def restore(self, removed: Removed) -> None:
        """Put back exactly what `delete` removed (same id, same links and references)."""
        with self.transaction():
            item = removed.item
            table, _model, columns = _KINDS[removed.kind]
            stamped = removed.kind in ("objective", "contact")
            self._write(table, columns, item, self._restamp(item) if stamped else _values(item))
            for link in removed.links:
                # the other side of a link may have been deleted meanwhile: keep what still fits
                self.conn.execute(
                    "INSERT OR IGNORE INTO links (contact_id, objective_id, relation, note)"
                    " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ?)"
                    " AND EXISTS (SELECT 1 FROM objectives WHERE id = ?)",
                    (
                        link.contact_id,
                        link.objective_id,
                        link.relation.value,
                        link.note,
                        link.contact_id,
                        link.objective_id,
                    ),
                )
            tables = {entry[0]: entry[1:] for entry in self._REFERENCE_TABLES}
            for ref_table, owner_id, ref_id, position in removed.references:
                owner, owner_table, ref_column, pointed = tables[ref_table]
                self.conn.execute(
                    f"INSERT OR IGNORE INTO {ref_table} ({owner}_id, {ref_column}, position)"
                    f" SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM {owner_table} WHERE id = ?)"
                    f" AND EXISTS (SELECT 1 FROM {pointed} WHERE id = ?)",
                    (owner_id, ref_id, position, owner_id, ref_id),
                )

    def _restamp(self, item: Objective | Contact) -> dict[str, Any]:
        values = item.model_dump()
        values["created_at"] = item.created_at.isoformat() if item.created_at else self.timestamp()
        values["updated_at"] = item.updated_at.isoformat() if item.updated_at else self.timestamp()
        return values

    def _get(self, kind: str, item_id: int) -> Objective | Contact | Activity | Event | None:
        if kind == "objective":
            return self.objective(item_id)
        if kind == "contact":
            return self.contact(item_id)
        found = self._owned(kind, "WHERE id = ?", (item_id,))
        return found[0] if found else None

    # --- edits -----------------------------------------------------------------------------

    def save_edit(self, original: Any | None, edited: Any, *, keep_mine: Iterable[str] = ()) -> Any:
        """Save an edit of `original` (the record as read when the edit began) into `edited`:
        an objective, contact, activity or event. Returns the record as stored.

        A new record (`original` None) is added. Otherwise, in one transaction, only the
        fields the edit changed are written, onto the record as it is stored now, so that what
        changed elsewhere meanwhile (an import, another copy of netgoals) is kept. Raises Gone
        if the record was deleted meanwhile, and Conflict if a field the edit changed was also
        changed elsewhere to another value, unless that field is in `keep_mine`.
        """
        kind = _kind_of(edited)
        if original is None or original.id is None:
            return self._add(kind, edited)
        edited = _valid(edited)
        keep = set(keep_mine)
        changed = [
            name
            for name in type(edited).model_fields
            if name not in _NOT_EDITED and getattr(edited, name) != getattr(original, name)
        ]
        with self.transaction():
            current = self._get(kind, original.id)
            if current is None:
                raise Gone(kind)
            conflicts = {
                name: (getattr(edited, name), getattr(current, name))
                for name in changed
                if name not in keep
                and getattr(current, name) not in (getattr(original, name), getattr(edited, name))
            }
            if conflicts:
                raise Conflict(kind, conflicts, current)
            if changed:
                self._update(kind, original.id, edited, changed)
        saved = self._get(kind, original.id)
        assert saved is not None
        return saved

    def _add(self, kind: str, item: Any) -> Any:
        """Insert a new record (keeping its id when it has one and that id is free)."""
        if kind == "objective":
            return self.save_objective(item)
        if kind == "contact":
            return self.save_contact(item)
        if kind == "activity":
            return self.save_activity(item)
        return self.save_event(item)

    def _update(self, kind: str, item_id: int, edited: Any, changed: list[str]) -> None:
        """Write the `changed` fields of `edited` onto the stored record `item_id`."""
        table, _model, columns = _KINDS[kind]
        values = _values(edited)
        written = [name for name in changed if name in columns]
        if kind in ("objective", "contact"):
            values["updated_at"] = self.timestamp()
            written.append("updated_at")
        if written:
            assignments = ", ".join(f"{name} = ?" for name in written)
            self.conn.execute(
                f"UPDATE {table} SET {assignments} WHERE id = ?",
                (*[sql_value(values[name]) for name in written], item_id),
            )
        for name, (_table, _column, pointed) in _JOINED.get(kind, {}).items():
            if name in changed:
                self._check_ids(pointed[:-1], pointed, values[name])
                self._write_references(kind, name, item_id, values[name])
        if kind == "activity" and {"date", "contact_ids"} & set(changed):
            self._touch_contacts(edited)

    # --- matching --------------------------------------------------------------------------

    def contact_ids(self) -> list[int]:
        """Every contact id, in display order (name, ignoring case)."""
        cursor = self._tuples("SELECT id FROM contacts ORDER BY name COLLATE NOCASE, id")
        return [row[0] for row in cursor]

    def matching(
        self,
        objectives: list[Objective] | None = None,
        *,
        detail: bool = False,
        only: list[int] | None = None,
    ) -> Matching:
        """Match every contact against every active objective (docs/matching.md).

        With `detail`, keyword reasons also say which field the keyword was found in and the
        text it matched (slower: for reports, not for redrawing the screen). `objectives`: the
        objectives when already read. `only`: match just these contacts (e.g. the page on
        screen), with a temporary index of their text, in time that does not grow with the
        network; the result says it is not `complete`.
        """
        if only is not None and detail:
            raise ValueError("matching: `detail` is for the whole network, not `only` some")
        objectives = self.objectives() if objectives is None else objectives
        keywords = active_keywords(objectives)
        if only is not None:
            with search.index_of(self.conn, only) as index:
                found = {k: search.contacts_with(self.conn, k, index) for k in keywords}
            return match(objectives, only, self.links(only), found, complete=False)
        # The records first: validating them allocates many small objects, and each garbage
        # collection that this sets off walks every young object, the large sets of ids found
        # below included (about 10 ms at 30,000 contacts each time).
        contact_ids, links = self.contact_ids(), self.links()
        hits: dict[str, set[int] | list[KeywordHit]] = {}
        for keyword in keywords:
            if detail:
                hits[keyword] = search.hits_with_detail(self.conn, keyword)
            else:
                hits[keyword] = search.contacts_with(self.conn, keyword)
        return match(objectives, contact_ids, links, hits)

    def report_matching(self) -> Matching:
        """The whole network's matching with every keyword reason's field and text, as
        `matching(detail=True)` gives it, read for a report of every contact (see
        `search.places_finder`: a fraction of the work). Everything is read in one snapshot:
        another program's changes meanwhile are not half seen."""
        with search.places_finder(self.conn) as places_of:
            objectives = self.objectives()
            places = {k: places_of(k) for k in active_keywords(objectives)}
            contact_ids, links = self.contact_ids(), self.links()
        return match(objectives, contact_ids, links, places)

    def report_people(self) -> dict[int, tuple[str, str]]:
        """id -> (name, organization) of every contact, as `contact_summaries` gives them,
        for a report of every contact: the texts checked once for the whole network, and
        cleaned row by row only when it holds a control character."""
        rows = self._tuples("SELECT id, name, organization FROM contacts").fetchall()
        people: dict[int, tuple[str, str]] = dict(
            zip(map(itemgetter(0), rows), map(itemgetter(1, 2), rows), strict=True)
        )
        if has_controls("".join(chain.from_iterable(people.values()))):
            people = {i: _clean_texts(texts) for i, texts in people.items()}  # type: ignore[misc]
        return people

    def explain(
        self, matching: Matching, contact_id: int, objective_ids: Iterable[int] | None = None
    ) -> dict[int, list[Reason]]:
        """One contact's matches (of `objective_ids` only, when given), with the field and
        text of each keyword reason filled in."""
        out: dict[int, list[Reason]] = {}
        wanted = None if objective_ids is None else set(objective_ids)
        for objective_id, reasons in matching.matches_of(contact_id).items():
            if wanted is not None and objective_id not in wanted:
                continue
            detailed: list[Reason] = []
            for reason in reasons:
                found = []
                if reason.kind == "keyword" and not reason.field:
                    found = search.hits_with_detail(self.conn, reason.keyword, [contact_id])
                detailed += [
                    Reason("keyword", keyword=reason.keyword, field=h.field, text=h.text)
                    for h in found
                ] or [reason]
            out[objective_id] = detailed
        return out

    def record_ids(self, kind: str) -> set[int]:
        """The id of every objective, contact, activity or event (`kind`), damaged or not."""
        return {row[0] for row in self._tuples(f"SELECT id FROM {_KINDS[kind][0]}")}

    # --- whole database --------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many rows each kind of record has."""
        return {
            kind: int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for kind, table in (
                ("objectives", "objectives"),
                ("contacts", "contacts"),
                ("links", "links"),
                ("events", "events"),
                ("activities", "activities"),
            )
        }

    def is_empty(self) -> bool:
        return not any(self.counts().values())
