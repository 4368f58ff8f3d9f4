"""The domain of netgoals: objectives, contacts, links, activities, events, settings.

Every entry point (forms, importers, the command line, the JSON backup) builds these models, so
the validation rules below are the only ones there are. Text is trimmed and stripped of control
characters; lists are trimmed, de-duplicated case-insensitively and emptied of blank items.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)

from netgoals.core.text import drop_controls

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 100_000
NAME_MAX = 200
LIST_ITEM_MAX = 200
LIST_MAX = 200


class Purpose(StrEnum):
    JOB = "job"
    OPPORTUNITIES = "opportunities"
    CAREER = "career"
    REPUTATION = "reputation"
    PROFILE = "profile"
    SALES = "sales"
    MENTOR = "mentor"
    SUPPORT = "support"
    OTHER = "other"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for the most important, for sorting."""
        return ("high", "medium", "low").index(self.value)


class Status(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class Source(StrEnum):
    MANUAL = "manual"
    LINKEDIN = "linkedin"
    VCARD = "vcard"
    GOOGLE = "google"
    OUTLOOK = "outlook"
    THUNDERBIRD = "thunderbird"
    YAHOO = "yahoo"
    JSON = "json"
    DEMO = "demo"


class Relation(StrEnum):
    HELPS = "helps"
    INTRODUCES = "introduces"
    EXCLUDED = "excluded"


class ActivityKind(StrEnum):
    EVENT = "event"
    MEETING = "meeting"
    CALL = "call"
    MESSAGE = "message"
    ONLINE = "online"
    OTHER = "other"


# --- text cleaning ---------------------------------------------------------------------------


def clean_line(value: Any) -> Any:
    """One line of text: trimmed, every control character removed (newlines and tabs too)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    return drop_controls(value.replace("\r\n", " ").replace("\n", " ")).strip()


def clean_long(value: Any) -> Any:
    """Long text: trimmed, control characters removed but newlines and tabs kept."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    return drop_controls(value, keep_lines=True).strip()


def clean_list(value: Any) -> Any:
    """A list of short items: trimmed, blank items dropped, duplicates (ignoring case) dropped.

    A single string is accepted and split on commas and semicolons, as a person types it.
    """
    if value is None:
        return []
    if isinstance(value, str):
        value = re.split(r"[,;\n]", value)
    if not isinstance(value, (list, tuple)):
        return value
    seen: set[str] = set()
    items: list[Any] = []
    for item in value:
        if not isinstance(item, str):
            items.append(item)  # let the item type refuse it with a clear message
            continue
        item = clean_line(item)
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            items.append(item)
    return items


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be blank")
    return value


def _at_most(limit: int, unit: str = "characters") -> AfterValidator:
    def check(value: Any) -> Any:
        if len(value) > limit:
            verb = "have" if unit == "items" else "be"
            raise ValueError(f"must {verb} at most {limit:,} {unit} (this has {len(value):,})")
        return value

    return AfterValidator(check)


ShortText = Annotated[str, BeforeValidator(clean_line), _at_most(SHORT_TEXT_MAX)]
LongText = Annotated[str, BeforeValidator(clean_long), _at_most(LONG_TEXT_MAX)]
RequiredName = Annotated[
    str, BeforeValidator(clean_line), AfterValidator(_not_blank), _at_most(NAME_MAX)
]
ListItem = Annotated[str, _at_most(LIST_ITEM_MAX)]
TextList = Annotated[list[ListItem], BeforeValidator(clean_list), _at_most(LIST_MAX, "items")]


# --- dates and numbers -----------------------------------------------------------------------


DATE_FORMAT = "YYYY-MM-DD"  # how a date is written, in hints and in refusals alike
WHEN_FORMAT = "YYYY-MM-DD HH:MM"  # an event's start; the time may be left out


def parse_date(value: Any) -> Any:
    """Accept a date or an ISO date string (YYYY-MM-DD); an empty string means no date."""
    if value is None or isinstance(value, datetime):
        return value.date() if isinstance(value, datetime) else None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(f"{text!r} is not a date: write {DATE_FORMAT}")
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
    raise ValueError(f"must be a date ({DATE_FORMAT})")


def parse_when(value: Any) -> Any:
    """A date, or a date and a time to the minute (YYYY-MM-DD or YYYY-MM-DD HH:MM; the backup
    writes a T between the two)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone()  # events are kept in the user's local time
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return value
    hint = f"write {WHEN_FORMAT} (the time is optional)"
    if isinstance(value, str):
        text = value.strip().replace(" ", "T", 1)
        if not text:
            raise ValueError(f"is required: {hint}")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return parse_date(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?", text):
            try:
                return datetime.fromisoformat(text).replace(second=0)
            except ValueError:
                raise ValueError(f"{value.strip()!r} is not a real date and time") from None
        raise ValueError(f"{value.strip()!r} is not a date and time: {hint}")
    raise ValueError(f"must be a date and time: {hint}")


OptionalDate = Annotated[date | None, BeforeValidator(parse_date)]
RequiredDate = Annotated[date, BeforeValidator(parse_date)]
When = Annotated[datetime | date, BeforeValidator(parse_when)]


MAX_DIGITS = 19  # as many as SQLite's largest integer has: no count or id needs more


class HugeNumber:
    """A whole number written with more digits than any value netgoals keeps (a reader puts
    it in place of the number: Python refuses to convert text of over 4,300 digits at all)."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"<a number of {self.digits:,} digits>"

    def problem(self) -> str:
        return f"a number of {self.digits:,} digits is far too large"


def read_int(text: str) -> int | HugeNumber:
    """The whole number `text` (digits, perhaps signed) spells, or a HugeNumber when it has
    more digits than any value kept here."""
    digits = len(text.lstrip("+-"))
    return HugeNumber(digits) if digits > MAX_DIGITS else int(text)


def _strict_int(value: Any) -> Any:
    # A bool is an int in Python, and "3.0" is not a count: refuse both rather than guess.
    if isinstance(value, bool):
        raise ValueError("must be a whole number")
    if isinstance(value, HugeNumber):
        raise ValueError(value.problem())
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(f"{text[:40]!r} is not a whole number")
        value = read_int(text)
        if isinstance(value, HugeNumber):
            raise ValueError(value.problem())
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("must be a whole number")
        return int(value)
    return value


MAX_ID = 2**63 - 1  # SQLite's largest integer


def _strict_id(value: Any) -> Any:
    # Ids are references: "1", 1.0 and True are not ids, whatever Python thinks.
    if isinstance(value, HugeNumber):
        raise ValueError(value.problem())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number (an id)")
    return value


Id = Annotated[int, BeforeValidator(_strict_id), Field(ge=1, le=MAX_ID)]


DURATION_HINT = "90, 1h30, 1:30 or 45m"  # the ways of writing a duration, for hints
_HOURS = r"h|hr|hrs|hour|hours"
_MINUTES = r"m|min|mins|minute|minutes"
# 90 · 90 min · 45m · 2h · 1h30 · 1h 30m · 1 h 30 min (spaces anywhere between the parts)
_DURATION = re.compile(
    rf"(?:(?P<hours>\d+)\s*(?:{_HOURS}))?\s*(?:(?P<minutes>\d+)\s*(?:{_MINUTES})?)?",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?P<hours>\d+):(?P<minutes>\d{2})")  # 1:30


def parse_minutes(value: Any) -> Any:
    """A duration in whole minutes, written as people say it: 90, 90 min, 45m, 2h, 1h30,
    1h 30m, 1 h 30 min, 1:30. Blank means none (0); a whole number is minutes."""
    if not isinstance(value, str):
        return 0 if value is None else _strict_int(value)
    text = value.strip()
    if not text:
        return 0
    found = (_CLOCK.fullmatch(text) or _DURATION.fullmatch(text)) if len(text) <= 40 else None
    if found is None or not (found["hours"] or found["minutes"]):
        raise ValueError(f"{text!r} is not a duration: write {DURATION_HINT}")
    hours, minutes = int(found["hours"] or 0), int(found["minutes"] or 0)
    if hours and minutes >= 60:  # "1h75", "1:75": a slip, not 2 h 15
        raise ValueError(f"{text!r} has {minutes} minutes past the hour: write {DURATION_HINT}")
    return hours * 60 + minutes


def _ids(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)  # a set has no order: give it a repeatable one
    if isinstance(value, (list, tuple)):
        return list(dict.fromkeys(value)) if all(isinstance(v, int) for v in value) else list(value)
    return value


IdList = Annotated[list[Id], BeforeValidator(_ids)]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def _email(value: str) -> str:
    if value and not _EMAIL.fullmatch(value):
        raise ValueError(f"{value!r} is not an email address (name@example.org)")
    return value


def _url(value: str) -> str:
    if not value:
        return value
    if "://" not in value and re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", value):
        value = "https://" + value  # "linkedin.com/in/ada" is what people paste
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{value!r} is not a web address (it must start with http:// or https://)")
    if not parts.hostname or " " in value:
        raise ValueError(f"{value!r} is not a web address")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(
        validate_assignment=True,
        extra="forbid",
        str_strip_whitespace=False,
        frozen=False,
        defer_build=True,  # schemas are built on first use: a faster start-up
    )


class Objective(_Model):
    """Something the user wants out of networking."""

    id: Id | None = None
    title: RequiredName
    purpose: Purpose = Purpose.OTHER
    why: LongText = ""
    ask: LongText = ""
    keywords: TextList = []
    hangouts: TextList = []
    priority: Priority = Priority.MEDIUM
    status: Status = Status.ACTIVE
    target_date: OptionalDate = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.status is Status.ACTIVE


class Contact(_Model):
    """A person in the user's network."""

    id: Id | None = None
    name: RequiredName
    organization: ShortText = ""
    role: ShortText = ""
    email: Annotated[ShortText, AfterValidator(_email)] = ""
    phone: Annotated[ShortText, _at_most(60)] = ""
    url: Annotated[ShortText, AfterValidator(_url)] = ""
    location: ShortText = ""
    tags: TextList = []
    how_met: LongText = ""
    notes: LongText = ""
    introduces_to: LongText = ""
    last_contacted: OptionalDate = None
    cadence_days: Annotated[
        Annotated[int, Field(ge=1, le=3650)] | None, BeforeValidator(_strict_int)
    ] = None
    source: Source = Source.MANUAL
    created_at: datetime | None = None
    updated_at: datetime | None = None


class Link(_Model):
    """An explicit statement that a contact helps with, introduces to, or is kept out of, an
    objective."""

    contact_id: Id
    objective_id: Id
    relation: Relation = Relation.HELPS
    note: LongText = ""


class Activity(_Model):
    """One piece of networking done: what it cost and what it paid back."""

    id: Id | None = None
    date: RequiredDate
    kind: ActivityKind = ActivityKind.OTHER
    title: RequiredName
    objective_ids: IdList = []
    contact_ids: IdList = []
    effort_minutes: Annotated[int, BeforeValidator(parse_minutes), Field(ge=0, le=1440)] = 0
    discomfort: Annotated[int, BeforeValidator(_strict_int), Field(ge=1, le=5)] = 1
    payback: Annotated[int, BeforeValidator(_strict_int), Field(ge=0, le=5)] = 0
    outcome: LongText = ""


class Event(_Model):
    """A coming (or past) occasion to network."""

    id: Id | None = None
    name: RequiredName
    starts_at: When
    place: ShortText = ""
    objective_ids: IdList = []
    contact_ids: IdList = []
    notes: LongText = ""
    met_ids: IdList = []  # the people met there (captured at or after it)
    uid: ShortText = ""  # the calendar's own id of an imported event, to update it later

    @property
    def start_date(self) -> date:
        return self.starts_at.date() if isinstance(self.starts_at, datetime) else self.starts_at


WeeklyTarget = Annotated[int, BeforeValidator(_strict_int), Field(ge=1, le=100)]


FOLLOWUP_DAYS = 2  # people met at an event are due a follow-up this many days after it


class Settings(_Model):
    weekly_target: WeeklyTarget = 2
    followup_days: Annotated[int, BeforeValidator(_strict_int), Field(ge=0, le=365)] = FOLLOWUP_DAYS


@cache
def _target_changes_adapter() -> TypeAdapter[list[tuple[date, int]]]:
    # built when first needed: validators cost start-up time
    return TypeAdapter(list[tuple[RequiredDate, WeeklyTarget]])


def parse_target_changes(value: Any) -> list[tuple[date, int]]:
    """The weekly target's history as kept in the settings: a list of [YYYY-MM-DD, target]
    pairs, each the Monday from which that target holds; returned oldest first. Raises
    ValidationError."""
    return sorted(_target_changes_adapter().validate_python(value))


def format_when(value: datetime | date) -> str:
    """The backup's spelling of an event start: YYYY-MM-DD or YYYY-MM-DDTHH:MM."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


# --- plain-words errors ----------------------------------------------------------------------


# What pydantic's own checks say, in the words netgoals uses ({...}: the error's context).
_PLAIN = {
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "greater_than": "must be more than {gt}",
    "less_than": "must be less than {lt}",
    "too_long": "must have at most {max_length} items (this has {actual_length})",
    "too_short": "must have at least {min_length} items (this has {actual_length})",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "string_type": "must be text",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "date_type": f"must be a date ({DATE_FORMAT})",
    "enum": "must be {expected}",
    "literal_error": "must be {expected}",
}


def _plain(item: Any) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) as netgoals says it."""
    kind = item["type"]
    if kind == "missing" or (kind == "date_type" and item.get("input") is None):
        return "is required"
    if kind in ("value_error", "assertion_error"):
        return str(item["ctx"]["error"])
    if kind in _PLAIN:
        try:
            return _PLAIN[kind].format(**item.get("ctx", {}))
        except KeyError:
            pass
    # a check not listed above: its own words, with pydantic's phrasing made plain
    message = str(item["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    for theirs, ours in (("Input should be", "must be"), ("should", "must")):
        message = message.replace(theirs, ours)
    return message.removeprefix("String ").removeprefix("List ").removeprefix("Tuple ")


def _join_loc(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def problems(error: ValidationError, prefix: str = "") -> list[tuple[str, str]]:
    """Each problem of a validation error as (path, message in plain words).

    `prefix` is prepended to each path, e.g. ``contacts[12]``.
    """
    out: list[tuple[str, str]] = []
    for item in error.errors(include_url=False):
        loc = _join_loc(tuple(item["loc"]))
        if item["type"] == "extra_forbidden":
            message = "is not a field netgoals knows"
        else:
            message = _plain(item)
        path = ".".join(p for p in (prefix, loc) if p) if not loc.startswith("[") else prefix + loc
        if (path, message) not in out:
            out.append((path, message))
    return out


def describe(error: ValidationError, prefix: str = "", sep: str = "\n") -> str:
    """A validation error as ``path: message`` parts, one per line (or joined by `sep`)."""
    return sep.join(f"{path}: {message}" for path, message in problems(error, prefix))
