"""Contacts brought in from other tools (LinkedIn, vCard, Google, Outlook...): what every
format shares.

A format's parser is a pure function from the file's text to `Parsed`: rows of Contact fields,
each with the line it starts on, the rows it already skipped (empty, no name) and what it noticed
on the way (a property it could not read, a name it had to make up). Then
`import_contacts` validates each row once, finds who is already in the database, merges, and
writes everything in one transaction, so an import lands whole or not at all, and importing the
same file twice adds nothing.
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from netgoals.core.errors import NetgoalsError
from netgoals.core.identity import Identity, PeopleIndex, fold, phone_key, profile_key
from netgoals.core.models import Contact, Source, describe
from netgoals.formats.text import MAX_FILE_BYTES, Text, decode, read_file
from netgoals.storage import Store, importing

__all__ = ["MAX_FILE_BYTES", "Text", "decode", "profile_key", "read_file"]

# Limits far above any real export, so that no file can exhaust memory; a file over one is
# refused whole, naming the limit. A cell longer than MAX_CELL is not a contact's (the longest
# field holds 100,000 characters): usually an unclosed quote.
MAX_CELL = 1_000_000
# One record of a CSV file (all its cells and line breaks), in characters.
MAX_RECORD = 2 * MAX_CELL
# Columns of one record (Google's and Outlook's exports have under 100).
MAX_COLUMNS = 1_000
# Rows of a CSV file, or cards of a vCard file: LinkedIn keeps at most 30,000 connections and
# Google 25,000 contacts.
MAX_ROWS = 100_000
# What a contact is compared on (everything the user sees, but not its id, times or source).
COMPARED = [name for name in importing.FIELDS if name != "source"]

Progress = Callable[[int, int], None]


class SkipReason(StrEnum):
    """Why a row of a file did not become a new or updated contact."""

    UP_TO_DATE = "already up to date"
    DUPLICATE = "same person as an earlier row"
    EMPTY = "empty row"
    NO_NAME = "no name"
    GROUP = "a group, not a person"
    INVALID = "invalid"


@dataclass(frozen=True)
class Skipped:
    """A row of a file that was not written, the line it starts on, and why."""

    line: int
    reason: SkipReason
    detail: str = ""


@dataclass(frozen=True)
class Notice:
    """Something read differently from how the file wrote it, on a line that was imported."""

    line: int
    what: str


@dataclass
class Row:
    """One contact read from a file: the line it starts on and its Contact fields."""

    line: int
    fields: dict[str, Any]


@dataclass
class Parsed:
    """What a parser read from a file, before anything is validated or written."""

    source: Source
    rows: list[Row] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # lines that were not UTF-8, which the parser read after all (in the charset they name)
    read_after_all: set[int] = field(default_factory=set)


@dataclass
class ContactImport:
    """What an import did (or, for a dry run, would do)."""

    source: Source
    dry_run: bool = False
    added: int = 0
    updated: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def count(self, reason: SkipReason) -> int:
        return sum(1 for s in self.skipped if s.reason is reason)

    @property
    def invalid(self) -> list[Skipped]:
        return [s for s in self.skipped if s.reason is SkipReason.INVALID]

    def summary(self) -> str:
        """The counts, then each reason for skipping with how many rows it took."""
        lines = [
            f"{'would add' if self.dry_run else 'added'} {self.added}, "
            f"{'would update' if self.dry_run else 'updated'} {self.updated}, "
            f"skipped {len(self.skipped)}"
        ]
        for reason in SkipReason:
            rows = [s for s in self.skipped if s.reason is reason]
            if not rows:
                continue
            if reason is SkipReason.UP_TO_DATE:
                where = ""
            elif reason is SkipReason.INVALID:
                where = " (listed below)"
            else:
                where = f" ({_lines([s.line for s in rows])})"
            label = "empty rows" if reason is SkipReason.EMPTY and len(rows) > 1 else reason.value
            lines.append(f"  {len(rows)} {label}{where}")
        grouped: dict[str, list[int]] = {}
        for notice in self.notices:
            grouped.setdefault(notice.what, []).append(notice.line)
        for what, numbers in grouped.items():
            lines.append(f"  {what} ({_lines(sorted(set(numbers)))})")
        return "\n".join(lines)

    def problems(self, limit: int = 100) -> list[str]:
        """Each row refused by validation, as ``line N: field: message``."""
        out = [f"line {s.line}: {s.detail}" for s in self.invalid[:limit]]
        if len(self.invalid) > limit:
            out.append(f"… and {len(self.invalid) - limit} more")
        return out

    def report(self) -> str:
        """The summary followed by the rows that were refused, for the command line."""
        text = self.summary()
        if self.invalid:
            text += "\ninvalid rows, skipped:\n"
            text += "\n".join(f"  {p}" for p in self.problems())
        return text


def _lines(numbers: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    more = f" … and {len(numbers) - limit} more" if len(numbers) > limit else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


@contextmanager
def bulk_work() -> Iterator[None]:
    """Pause Python's cycle collector meanwhile: tens of thousands of rows and models, none of
    them in a cycle, would otherwise trigger a collection pass every few hundred rows (a fifth
    of a 30,000-row import). Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


UNDECODABLE = "bytes that are not text read as \ufffd"


def load_with(parser: Callable[[str], Parsed], text: str) -> Parsed:
    """`parser`'s reading of `text`, which names the lines whose bytes could not be decoded."""
    with bulk_work():
        parsed = parser(text)
    parsed.notices += [
        Notice(line, UNDECODABLE)
        for line in getattr(text, "replaced", ())
        if line not in parsed.read_after_all
    ]
    return parsed


def apply(
    store: Store, parsed: Parsed, *, dry_run: bool = False, progress: Progress | None = None
) -> ContactImport:
    """What every contacts importer does with what it read: `import_contacts`."""
    return import_contacts(store, parsed, dry_run=dry_run, progress=progress)


def has_header(text: str, is_header: Callable[[set[str]], bool], within: int = 50) -> bool:
    """Whether one of the first `within` records of a CSV `text` is a header `is_header`
    accepts (a text that is not CSV has none)."""
    try:
        return find_header(read_csv(text), is_header, within) is not None
    except NetgoalsError:
        return False


# --- reading files ---------------------------------------------------------------------------


def read_csv(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record of a CSV text as (the line it starts on, its cells), one at a time.

    Quoted cells may hold commas and line breaks. The file is refused whole (a NetgoalsError
    naming the line and the limit) rather than exhaust memory when a cell is longer than
    MAX_CELL characters, a record longer than MAX_RECORD, a record has more than MAX_COLUMNS
    cells, or the file more than MAX_ROWS records.
    """
    start = 1
    size = 0  # characters of the record being read

    def lines() -> Iterator[str]:
        nonlocal size
        for line in io.StringIO(text, newline=""):
            size += len(line)
            if size > MAX_RECORD:
                raise NetgoalsError(
                    f"line {start}: a row is longer than {MAX_RECORD:,} characters"
                    " (is a quote left open?); nothing was imported"
                )
            yield line

    # csv's own cell limit is global: raised to MAX_CELL only while reading
    previous = csv.field_size_limit(MAX_CELL)
    reader = csv.reader(lines())
    try:
        for count, cells in enumerate(reader, start=1):
            if len(cells) > MAX_COLUMNS:
                raise NetgoalsError(
                    f"line {start}: a row has more than {MAX_COLUMNS:,} columns;"
                    " nothing was imported"
                )
            if count > MAX_ROWS:
                raise NetgoalsError(
                    f"line {start}: the file has more than {MAX_ROWS:,} rows, the most netgoals"
                    " imports at once; nothing was imported"
                )
            yield start, cells
            start, size = reader.line_num + 1, 0
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise NetgoalsError(
                f"line {start}: a cell is longer than {MAX_CELL:,} characters"
                " (is a quote left open?); nothing was imported"
            ) from None
        raise NetgoalsError(f"line {start}: cannot read this CSV ({error})") from None
    finally:
        csv.field_size_limit(previous)


def header_key(cell: str) -> str:
    """A CSV column name as compared: no BOM or surrounding space, one space, any case."""
    return " ".join(cell.replace("\ufeff", "").split()).casefold()


def find_header(
    records: Iterator[tuple[int, list[str]]],
    is_header: Callable[[set[str]], bool],
    within: int = 50,
) -> list[str] | None:
    """The cells of the first record (among the first `within`) that `is_header` accepts; the
    records before it and it are consumed, so that `records` goes on with the rows."""
    for _, cells in itertools.islice(records, within):
        if is_header({header_key(c) for c in cells}):
            return cells
    return None


def is_blank(cells: Sequence[str]) -> bool:
    return not "".join(cells).strip()


def data_rows(
    records: Iterable[tuple[int, list[str]]], parsed: Parsed
) -> Iterator[tuple[int, list[str]]]:
    """The records that hold something, with their line numbers: a blank line is no row, a
    row of empty cells is counted in `parsed` as skipped."""
    for line, cells in records:
        if not cells:
            continue
        if is_blank(cells):
            parsed.skipped.append(Skipped(line, SkipReason.EMPTY))
            continue
        yield line, cells


def by_column(header: Sequence[str], cells: Sequence[str]) -> dict[str, str]:
    """A row as column name -> its value, trimmed; of columns with the same name, the first
    that is not empty."""
    values: dict[str, str] = {}
    for name, cell in zip(header, cells, strict=False):
        if cell.strip():
            values.setdefault(name, cell.strip())
    return values


def join_name(*parts: str) -> str:
    return " ".join(" ".join(parts).split())


def note_line(label: str, values: Sequence[str]) -> str:
    """``Label: a, b`` for values kept in the notes, or "" when there are none."""
    values = [v for v in values if v]
    return f"{label}: {', '.join(values)}" if values else ""


def join_notes(*parts: str) -> str:
    return "\n".join(p for p in parts if p and p.strip())


@cache
def _field_rules(name: str) -> TypeAdapter[Any]:
    """The Contact model's own rules for one field (the same validators, nothing copied)."""
    info = Contact.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, *info.metadata])


def first_valid(name: str, values: Sequence[str]) -> tuple[str, list[str]]:
    """The first of several emails, phones or web addresses that the Contact model accepts for
    `name`, and the others (kept in the notes, so that one odd value loses nobody)."""
    rules = _field_rules(name)
    for index, value in enumerate(values):
        try:
            rules.validate_python(value)
        except ValidationError:
            continue
        return value, [*values[:index], *values[index + 1 :]]
    return "", list(values)


# --- who is who ------------------------------------------------------------------------------


_SAME: dict[str, Callable[[str], str]] = {
    "email": fold,
    "phone": phone_key,
    "url": profile_key,
}
_OTHER_LABEL = {"email": "Other email", "phone": "Other phone", "url": "Other web address"}


def _append(old: str, new: str) -> str:
    if not new or new in old:
        return old
    return f"{old}\n\n{new}" if old else new


def merge(base: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """`base` (a stored contact, or an earlier row of the file) updated from `incoming`.

    A blank never overwrites anything. The name stays as it is (the user may have corrected it).
    Organisation, role and location take the file's newer value. An email, phone or web address
    already there is kept, and a different one from the file is kept in the notes. Tags are
    added to; how_met, notes and introduces_to gain the file's text unless they hold it already.
    """
    out = dict(base)
    for name in ("organization", "role", "location"):
        if incoming[name]:
            out[name] = incoming[name]
    for name, same in _SAME.items():
        value = incoming[name]
        if not value or value == out[name]:
            continue
        if not out[name]:
            out[name] = value
        elif same(out[name]) != same(value):
            out["notes"] = _append(out["notes"], f"{_OTHER_LABEL[name]}: {value}")
    if incoming["tags"]:
        known = {t.casefold() for t in out["tags"]}
        out["tags"] = [*out["tags"], *(t for t in incoming["tags"] if t.casefold() not in known)]
    for name in ("how_met", "notes", "introduces_to"):
        out[name] = _append(out[name], incoming[name])
    for name in ("last_contacted", "cadence_days"):
        if out[name] is None:
            out[name] = incoming[name]
    return out


@dataclass
class _Person:
    """One person of the file: the first row about them, and any later row that repeats it."""

    line: int
    rows: list[dict[str, Any]]
    candidates: list[int]


def import_contacts(
    store: Store, parsed: Parsed, *, dry_run: bool = False, progress: Progress | None = None
) -> ContactImport:
    """Validate, de-duplicate and write the rows of `parsed` in one transaction.

    Rows that fail validation are skipped and reported with their line numbers; everything else
    is written together. With `dry_run` the same counts are computed and nothing is written.
    `progress(done, total)` is called now and then with how many rows have been handled.
    """
    with bulk_work():
        return _import(store, parsed, dry_run, progress)


def _import(
    store: Store, parsed: Parsed, dry_run: bool, progress: Progress | None
) -> ContactImport:
    result = ContactImport(
        source=parsed.source,
        dry_run=dry_run,
        skipped=list(parsed.skipped),
        notices=list(parsed.notices),
    )
    total = len(parsed.rows)
    step = max(1, total // 100)
    valid: list[tuple[int, Contact]] = []
    for done, row in enumerate(parsed.rows):
        if progress is not None and done % step == 0:
            progress(done, total)
        # a blank field is the model's default already: leaving it out saves validating it
        values = {name: value for name, value in row.fields.items() if value != ""}
        values["source"] = parsed.source
        try:
            contact = Contact.model_validate(values)
        except ValidationError as error:
            contact = _kept_in_notes(values, error, row.line, result)
            if contact is None:
                detail = describe(error, sep="; ")
                result.skipped.append(Skipped(row.line, SkipReason.INVALID, detail))
                continue
        valid.append((row.line, contact))
    with store.transaction(dry_run=dry_run):
        _write(store, valid, result)
    result.skipped.sort(key=lambda s: s.line)
    if progress is not None:
        progress(total, total)
    return result


# The fields whose odd value (`ngozi@`, `urn:li:member:…`) loses nobody: it goes to the notes.
_TO_NOTES = {"email": "Email", "phone": "Phone", "url": "Web address"}


def _kept_in_notes(
    values: dict[str, Any], error: ValidationError, line: int, result: ContactImport
) -> Contact | None:
    """The contact of a row refused only for its email, phone or web address, with those kept
    in its notes (and said so), or None when something else is wrong with it."""
    wrong = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
    if not wrong or not wrong <= _TO_NOTES.keys():
        return None
    values = dict(values)
    moved = [f"{_TO_NOTES[name]}: {values.pop(name)}" for name in _TO_NOTES if name in wrong]
    values["notes"] = join_notes(values.get("notes", ""), *moved)
    try:
        contact = Contact.model_validate(values)
    except ValidationError:
        return None
    for name in _TO_NOTES:
        if name in wrong:
            what = f"not a valid {_TO_NOTES[name].lower()}: kept in the notes"
            result.notices.append(Notice(line, what))
    return contact


_UNLISTED = operator.itemgetter(*(n for n in COMPARED if n != "tags"))


def _fingerprint(values: dict[str, Any]) -> tuple[Any, ...]:
    return (_UNLISTED(values), *values["tags"])


def known_people(store: Store) -> PeopleIndex:
    """Everyone stored, indexed by what identifies a person (`netgoals.core.identity`)."""
    stored = PeopleIndex()
    for contact_id, *identity in importing.contact_keys(store):
        stored.add(contact_id, Identity(*identity))
    return stored


def _write(store: Store, valid: list[tuple[int, Contact]], result: ContactImport) -> None:
    # Within the file, a row repeats an earlier one only if it has the same profile URL or is
    # identical to it: two people may share an email (a family's) or a name and employer.
    stored = known_people(store)
    people: list[_Person] = []
    seen: dict[Any, _Person] = {}
    for line, contact in valid:
        values = contact.__dict__
        url_key, fingerprint = profile_key(values["url"]), _fingerprint(values)
        twin = seen.get(fingerprint) or (seen.get(("url", url_key)) if url_key else None)
        if twin is not None:
            twin.rows.append(values)
            result.skipped.append(
                Skipped(line, SkipReason.DUPLICATE, f"same person as line {twin.line}")
            )
            continue
        identity = Identity(values["name"], values["organization"], values["email"], values["url"])
        person = _Person(line, [values], stored.matches(identity))
        people.append(person)
        seen[fingerprint] = person
        if url_key:
            seen[("url", url_key)] = person

    # Each stored contact takes at most one person of the file: the one it already equals if
    # there is one (a re-imported file changes nothing), else the strongest match.
    current = importing.contact_fields(store, (c for p in people for c in p.candidates))
    claimed: set[int] = set()
    rows = {line: contact for line, contact in valid}
    added: list[Contact] = []
    updated: list[Contact] = []
    for person in people:
        choices = [c for c in person.candidates if c not in claimed]
        target = next(
            (c for c in choices if _same(_merged(current[c], person.rows), current[c])), None
        )
        if target is not None:
            claimed.add(target)
            result.skipped.append(Skipped(person.line, SkipReason.UP_TO_DATE))
            continue
        if choices:
            target = choices[0]
            claimed.add(target)
            merged = {**_merged(current[target], person.rows), "id": target}
        elif len(person.rows) == 1:
            added.append(rows[person.line])  # validated already
            continue
        else:
            merged = _merged(person.rows[0], person.rows[1:])
        try:
            contact = Contact.model_validate(
                {n: merged[n] for n in (*importing.FIELDS, "id") if n in merged}
            )
        except ValidationError as error:
            detail = describe(error, sep="; ")
            result.skipped.append(
                Skipped(person.line, SkipReason.INVALID, f"once merged, {detail}")
            )
            continue
        (added if target is None else updated).append(contact)

    stamp = store.timestamp()
    result.added = importing.insert_contacts(store, added, stamp)
    result.updated = importing.update_contacts(store, updated, stamp)


def _merged(base: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    for values in rows:
        base = merge(base, values)
    return base


def _same(merged: dict[str, Any], current: dict[str, Any]) -> bool:
    return all(merged[n] == current[n] for n in COMPARED)
