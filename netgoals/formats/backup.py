"""The JSON backup, format version 1 (docs/backup-format.md): everything in one document.

Ids in a file are references inside that file. Importing into an empty database keeps them, so
export → import → export gives the same document. Importing into a database that already holds
data merges: a record that is already there (same objective title; the same person, by the rule
every import uses; same event calendar UID, or name and start; same activity date, kind and
title) is updated from the file instead of added twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from netgoals.core.errors import NetgoalsError
from netgoals.core.identity import Identity, PeopleIndex
from netgoals.core.models import (
    Activity,
    Contact,
    Event,
    Link,
    Objective,
    Settings,
    Source,
    format_when,
    parse_target_changes,
    problems,
    read_int,
)
from netgoals.storage import Store
from netgoals.storage.store import TARGET_CHANGES

FORMAT = "netgoals"
KEPT_ID_MAX = 2**31
VERSION = 1
SECTIONS = ("objectives", "contacts", "links", "events", "activities")
_STAMPS = ("created_at", "updated_at")
# The documented fields of each kind, in the documented order (that of the models).
OBJECTIVE_FIELDS = [f for f in Objective.model_fields if f not in _STAMPS]
CONTACT_FIELDS = [f for f in Contact.model_fields if f not in (*_STAMPS, "source")]
LINK_FIELDS = list(Link.model_fields)
EVENT_FIELDS = list(Event.model_fields)
ACTIVITY_FIELDS = list(Activity.model_fields)
# Fields a file may carry beyond the documented ones (written by the app, harmless to accept).
_TOLERATED = {"created_at", "updated_at", "source"}


class BackupError(NetgoalsError):
    """A backup file refused whole; `problems` lists each bad value with its path."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or []
        detail = "".join(f"\n  {p}" for p in self.problems[:50])
        more = len(self.problems) - 50
        if more > 0:
            detail += f"\n  … and {more} more"
        super().__init__(message + detail)


@dataclass
class Backup:
    """A validated backup document."""

    settings: Settings | None = None
    target_changes: list[tuple[date, int]] | None = None  # the weekly target's history
    objectives: list[Objective] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do), per kind of record."""

    counts: dict[str, Counts] = field(default_factory=lambda: {s: Counts() for s in SECTIONS})
    dry_run: bool = False

    def total(self, which: str) -> int:
        return sum(getattr(c, which) for c in self.counts.values())

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        lines = [
            f"{verb} {self.total('added')}, "
            f"{'would update' if self.dry_run else 'updated'} {self.total('updated')}, "
            f"skipped {self.total('unchanged')} (already up to date)"
        ]
        for section, c in self.counts.items():
            if c.added or c.updated or c.unchanged:
                lines.append(
                    f"  {section}: {c.added} added, {c.updated} updated, {c.unchanged} skipped"
                )
        return "\n".join(lines)

    def report(self) -> str:
        """What the import did, for the user."""
        return self.summary()


# --- export ----------------------------------------------------------------------------------


def _pick(model: BaseModel, fields: list[str]) -> dict[str, Any]:
    data = model.model_dump(mode="json", include=set(fields))
    return {name: data[name] for name in fields}


def export_document(store: Store) -> dict[str, Any]:
    """The whole database as a backup document (a JSON-ready dict)."""
    events = []
    for event in sorted(store.events(), key=lambda e: e.id or 0):
        item = _pick(event, EVENT_FIELDS)
        item["starts_at"] = format_when(event.starts_at)
        events.append(item)
    settings = store.settings().model_dump(mode="json")
    changes = store.weekly_target_changes()
    if changes:  # only when there is one, so that other files stay as they were
        settings[TARGET_CHANGES] = [[start.isoformat(), value] for start, value in changes]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "settings": settings,
        "objectives": [_pick(o, OBJECTIVE_FIELDS) for o in store.objectives()],
        "contacts": [_pick(c, CONTACT_FIELDS) for c in store.contacts()],
        "links": [_pick(link, LINK_FIELDS) for link in store.links()],
        "events": events,
        "activities": [
            _pick(a, ACTIVITY_FIELDS) for a in sorted(store.activities(), key=lambda a: a.id or 0)
        ],
    }
    if store.damaged:
        # A backup without a damaged record would lose it on restore, and the references to
        # it would make the file refuse to import: refuse to write one instead.
        first, *others = store.damaged.values()
        more = f" (and {len(others)} more damaged records)" if others else ""
        raise NetgoalsError(f"nothing was exported, a backup must hold every record: {first}{more}")
    return document


def export_json(store: Store) -> str:
    """The backup document as JSON text (UTF-8, indented, ending with a newline)."""
    return json.dumps(export_document(store), ensure_ascii=False, indent=2) + "\n"


# --- parse and validate ----------------------------------------------------------------------


class _DuplicateKey(Exception):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads would silently keep the last of two equal keys: refuse instead of guessing.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(json.dumps(key))
        out[key] = value
    return out


def recognise(text: str) -> bool:
    """Whether `text` is JSON (a backup, or a JSON file that parse_json says is not one)."""
    return text.lstrip()[:1] in ("{", "[")


def load(text: str) -> Backup:
    """The backup in `text`, validated."""
    return parse_json(text)


def apply(
    store: Store, backup: Backup, *, dry_run: bool = False, progress: Any = None
) -> ImportResult:
    """Write `backup` into `store` (a backup is written without progress: it is small)."""
    return import_backup(store, backup, dry_run=dry_run)


def parse_json(text: str) -> Backup:
    """Read and validate a whole backup; raises BackupError listing every bad value."""
    try:
        # read_int: a number of thousands of digits becomes a value the checks below refuse
        # with its path, instead of the ValueError Python raises for it
        document = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_int=read_int)
    except _DuplicateKey as error:
        raise BackupError(
            f"not a netgoals backup: the key {error} appears twice in one object"
        ) from None
    except json.JSONDecodeError as error:
        raise BackupError(
            f"not a netgoals backup: invalid JSON at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise BackupError("not a netgoals backup: the JSON is nested too deeply") from None
    return parse_document(document)


def _quoted(key: str) -> str:
    """A key of the file as shown in a message: as it is when it is a plain name, else as a
    JSON string, so that no control character or escape sequence of the file is printed."""
    return key if key.isidentifier() and key.isascii() else json.dumps(key)


def parse_document(document: Any) -> Backup:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError('not a netgoals backup (it needs "format": "netgoals")')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BackupError('not a netgoals backup (it needs "version": 1)')
    if version > VERSION:
        raise BackupError(
            f"this backup is format version {version}, from a newer netgoals; upgrade to read it"
        )
    if version < 1:
        raise BackupError(f"unknown backup format version {version}")

    bad: list[str] = []
    for key in document:
        if key not in ("format", "version", "settings", *SECTIONS):
            # quoted as JSON: a key is the file's text and may hold terminal escape sequences
            bad.append(f"{_quoted(key)}: is not a section netgoals knows")
    backup = Backup()
    settings = document.get("settings")
    if isinstance(settings, dict) and TARGET_CHANGES in settings:
        settings = dict(settings)
        try:
            backup.target_changes = parse_target_changes(settings.pop(TARGET_CHANGES))
        except ValidationError as error:
            bad += [f"{p}: {m}" for p, m in problems(error, f"settings.{TARGET_CHANGES}")]
    if settings is not None:
        try:
            backup.settings = Settings.model_validate(settings)
        except ValidationError as error:
            bad += [f"{p}: {m}" for p, m in problems(error, "settings")]

    kinds: dict[str, tuple[type[BaseModel], list[str]]] = {
        "objectives": (Objective, OBJECTIVE_FIELDS),
        "contacts": (Contact, CONTACT_FIELDS),
        "links": (Link, LINK_FIELDS),
        "events": (Event, EVENT_FIELDS),
        "activities": (Activity, ACTIVITY_FIELDS),
    }
    for section, (model, fields) in kinds.items():
        items = document.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            bad.append(f"{section}: must be a list")
            continue
        allowed = set(fields) | _TOLERATED
        parsed = getattr(backup, section)
        for index, item in enumerate(items):
            where = f"{section}[{index}]"
            if not isinstance(item, dict):
                bad.append(f"{where}: must be an object")
                continue
            unknown = [k for k in item if k not in allowed]
            bad += [f"{where}.{_quoted(k)}: is not a field netgoals knows" for k in unknown]
            if "id" in fields and item.get("id") is None:
                # a model's id may be None (not saved yet); a record of a backup needs one
                bad.append(f"{where}.id: is required")
            values = {k: v for k, v in item.items() if k in allowed and k not in unknown}
            if section == "contacts":
                values.pop("source", None)
                values["source"] = Source.JSON
            try:
                parsed.append(model.model_validate(values))
            except ValidationError as error:
                bad += [f"{p}: {m}" for p, m in problems(error, where)]
    bad += _check_references(document, backup)
    if bad:
        count = f"{len(bad)} problem{'s' if len(bad) != 1 else ''}"
        raise BackupError(f"backup refused, nothing was imported ({count}):", bad)
    return backup


def _check_references(document: dict[str, Any], backup: Backup) -> list[str]:
    bad: list[str] = []
    ids: dict[str, set[int]] = {}
    for section in ("objectives", "contacts", "events", "activities"):
        # ids are read from the raw file, so that one bad record does not make every reference
        # to it look dangling too
        items = document.get(section)
        seen: set[int] = set()
        for index, item in enumerate(items if isinstance(items, list) else []):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, int) or isinstance(item_id, bool):
                continue
            if item_id in seen:
                bad.append(f"{section}[{index}].id: {item_id} is used twice")
            seen.add(item_id)
        ids[section] = seen

    def check(where: str, kind: str, ref: int) -> None:
        if ref not in ids[kind]:
            bad.append(f"{where}: there is no {kind[:-1]} with id {ref} in this file")

    pairs: set[tuple[int, int]] = set()
    for index, link in enumerate(backup.links):
        check(f"links[{index}].contact_id", "contacts", link.contact_id)
        check(f"links[{index}].objective_id", "objectives", link.objective_id)
        if (link.contact_id, link.objective_id) in pairs:
            bad.append(
                f"links[{index}]: contact {link.contact_id} and objective "
                f"{link.objective_id} are linked twice"
            )
        pairs.add((link.contact_id, link.objective_id))
    for section in ("events", "activities"):
        for index, item in enumerate(getattr(backup, section)):
            for pos, ref in enumerate(item.objective_ids):
                check(f"{section}[{index}].objective_ids[{pos}]", "objectives", ref)
            for pos, ref in enumerate(item.contact_ids):
                check(f"{section}[{index}].contact_ids[{pos}]", "contacts", ref)
            for pos, ref in enumerate(getattr(item, "met_ids", ())):
                check(f"{section}[{index}].met_ids[{pos}]", "contacts", ref)
    return bad


# --- import ----------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return text.casefold().strip()


def _identity(contact: Contact) -> Identity:
    return Identity(contact.name, contact.organization, contact.email, contact.url)


def _event_keys(event: Event) -> list[tuple[str, ...]]:
    # a calendar's UID names its event whatever it is called now; else the name and start
    keys: list[tuple[str, ...]] = [("uid", event.uid)] if event.uid else []
    keys.append(("when", _fold(event.name), format_when(event.starts_at)))
    return keys


def _same(a: BaseModel, b: BaseModel, fields: list[str]) -> bool:
    return _pick(a, fields) == _pick(b, fields)


def import_backup(store: Store, backup: Backup, *, dry_run: bool = False) -> ImportResult:
    """Write a validated backup into `store` in one transaction (nothing at all on failure)."""
    result = ImportResult(dry_run=dry_run)
    with store.transaction(dry_run=dry_run):
        _merge(store, backup, result)
    return result


class _Existing:
    """The records of one kind already in the database, found by their merge keys.

    Each existing record can absorb at most one record of the file, so two records of a file
    that share a key (two "John Smith"s without an organisation) never collapse into one.
    """

    def __init__(
        self, records: list[Any], keys: Callable[[Any], list[tuple[Any, ...]]], ids: set[int]
    ) -> None:
        self.keys = keys
        # every id in use, a damaged record's too (it is not among `records`): a record of the
        # file must never take its place
        self.ids = ids | {r.id for r in records}
        self.by_key: dict[tuple[Any, ...], list[Any]] = {}
        for record in records:
            for key in keys(record):
                self.by_key.setdefault(key, []).append(record)
        self.claimed: set[int] = set()

    def matches(self, item: Any) -> list[Any]:
        """The existing records `item` may be, strongest match first."""
        found: list[Any] = []
        for key in self.keys(item):
            found += self.by_key.get(key, ())
        return found

    def claim(self, item: Any, fields: list[str]) -> Any | None:
        """The existing record `item` should update (or None to add it as new)."""
        candidates = [c for c in self.matches(item) if c.id not in self.claimed]
        if not candidates:
            return None
        # the same record again first (a re-imported backup), then the same id, then any
        best = next((c for c in candidates if _same(item, c, fields)), None)
        best = best or next((c for c in candidates if c.id == item.id), candidates[0])
        self.claimed.add(best.id)
        return best


class _ExistingContacts(_Existing):
    """The contacts already in the database, found by the shared rule for the same person."""

    def __init__(self, records: list[Contact], ids: set[int]) -> None:
        super().__init__(records, lambda _: [], ids)
        self.index = PeopleIndex()
        self.by_id = {record.id: record for record in records}
        for record in records:
            self.index.add(record.id, _identity(record))

    def matches(self, item: Any) -> list[Any]:
        return [self.by_id[i] for i in self.index.matches(_identity(item))]


def _never_back(item: Any, found: Any) -> Any:
    """`item` from the file, merged into the stored `found`: a contact's last contact moves
    forward, never back, as logging an activity moves it (the stored date may come from an
    activity logged since, or from one this very file brought in before)."""
    stored = getattr(found, "last_contacted", None)
    if stored is None or (item.last_contacted is not None and item.last_contacted >= stored):
        return item
    return item.model_copy(update={"last_contacted": stored})


def _merge(store: Store, backup: Backup, result: ImportResult) -> None:
    if backup.settings is not None:
        # The file's target comes with its history. A file without one restored into an empty
        # database judges every week by its target, as where it came from; merged into a
        # database with a past, its target is a change from this week on.
        changes = backup.target_changes
        if changes is None and store.is_empty():
            changes = []
        store.save_settings(backup.settings, target_changes=changes)

    def place(section: str, item: Any, existing: _Existing, fields: list[str], save: Any) -> int:
        counts = result.counts[section]
        compared = [f for f in fields if f != "id"]
        found = existing.claim(item, compared)
        if found is not None:
            item = _never_back(item, found)
            if _same(item, found, compared):
                counts.unchanged += 1
                return found.id
            counts.updated += 1
            update = {"id": found.id}
            for kept in ("created_at", "source"):  # a restore does not rewrite history
                if hasattr(found, kept):
                    update[kept] = getattr(found, kept)
            return save(item.model_copy(update=update)).id
        counts.added += 1
        # Keep the file's id when it is free, so a restore into an empty database is exact;
        # but not a huge one, which would leave SQLite no larger id to give the next record.
        keep = item.id is not None and item.id not in existing.ids and item.id <= KEPT_ID_MAX
        new_id = save(item.model_copy(update={"id": item.id if keep else None})).id
        existing.ids.add(new_id)
        return new_id

    objectives = _Existing(
        store.objectives(), lambda o: [(_fold(o.title),)], store.record_ids("objective")
    )
    objective_ids = {
        o.id: place("objectives", o, objectives, OBJECTIVE_FIELDS, store.save_objective)
        for o in backup.objectives
    }
    contacts = _ExistingContacts(store.contacts(), store.record_ids("contact"))
    contact_ids = {
        c.id: place("contacts", c, contacts, CONTACT_FIELDS, store.save_contact)
        for c in backup.contacts
    }

    current_links = {(link.contact_id, link.objective_id): link for link in store.links()}
    for link in backup.links:
        mapped = link.model_copy(
            update={
                "contact_id": contact_ids[link.contact_id],
                "objective_id": objective_ids[link.objective_id],
            }
        )
        existing_link = current_links.get((mapped.contact_id, mapped.objective_id))
        counts = result.counts["links"]
        if existing_link == mapped:
            counts.unchanged += 1
            continue
        if existing_link is None:
            counts.added += 1
        else:
            counts.updated += 1
        store.set_link(mapped)

    def remap(item: Event | Activity) -> Any:
        update = {
            "objective_ids": [objective_ids[i] for i in item.objective_ids],
            "contact_ids": [contact_ids[i] for i in item.contact_ids],
        }
        if isinstance(item, Event):
            update["met_ids"] = [contact_ids[i] for i in item.met_ids]
        return item.model_copy(update=update)

    events = _Existing(store.events(), _event_keys, store.record_ids("event"))
    for event in backup.events:
        place("events", remap(event), events, EVENT_FIELDS, store.save_event)
    activities = _Existing(
        store.activities(),
        lambda a: [(a.date, a.kind, _fold(a.title))],
        store.record_ids("activity"),
    )
    for activity in backup.activities:
        place("activities", remap(activity), activities, ACTIVITY_FIELDS, store.save_activity)
