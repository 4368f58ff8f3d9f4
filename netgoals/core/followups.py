"""After an event: who was met there, as typed in a quick capture, and who is due a follow-up.

Nothing here reads the database or asks the system for the date: the facts and `today` are
given (from the one injectable clock).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from netgoals.core.models import ActivityKind, clean_line

CAPTURE_HINT = "Name, Role @ Organisation  or  Name — a note"

# The note follows a dash: "—" or "--" (spaces optional), "–" or "-" between spaces (so that
# "Mary-Jane" or "Smith-Jones" stays a name).
_NOTE = re.compile(r"\s*(?:—|--)\s*|\s+[-–]\s+")
_AT = re.compile(r"\s*@\s*")


@dataclass(frozen=True)
class Captured:
    """One person as typed in a capture line."""

    name: str
    role: str = ""
    organization: str = ""
    note: str = ""


def parse_capture(line: str) -> Captured:
    """Read one capture line: ``Name, Role @ Organisation``, ``Name @ Organisation``,
    ``Name — a note`` (``--`` and `` - `` too), or any of them followed by a note.

    Raises ValueError (in plain words) when the line holds no name.
    """
    text = clean_line(line)
    head, note = [*_NOTE.split(text, maxsplit=1), ""][:2]
    name, _, rest = head.partition(",")
    role, organization = rest, ""
    if not rest:  # "Name @ Organisation"
        name, organization = [*_AT.split(head, maxsplit=1), ""][:2]
    elif _AT.search(rest):
        role, organization = _AT.split(rest, maxsplit=1)
    name = name.strip()
    if not name:
        raise ValueError(f"no name: write {CAPTURE_HINT}")
    return Captured(name, role.strip(), organization.strip(), note.strip())


def met_line(event_name: str, day: date) -> str:
    """How a person captured at an event was met: ``Met at EVENT, YYYY-MM-DD``."""
    return f"Met at {event_name}, {day.isoformat()}"


@dataclass(frozen=True)
class Met:
    """One person marked as met at one event."""

    event_id: int
    event: str  # its name
    met_on: date  # the event's date
    contact_id: int
    name: str


@dataclass
class Followup:
    """Someone met at an event who has not been followed up yet."""

    contact_id: int
    name: str
    event_id: int
    event: str
    met_on: date
    due_on: date
    days_late: int  # 0 until the due date has passed
    serves: list[int] = field(default_factory=list)  # the active objectives they serve


def followed_up(met_on: date, done: Iterable[tuple[date, ActivityKind]]) -> bool:
    """Whether an activity with the person, among `done` (date, kind), follows up meeting them
    on `met_on`: any activity after that day, or one of another kind than "event" that day
    (logging the event itself, with everyone there, is not a follow-up)."""
    return any(
        day > met_on or (day == met_on and kind is not ActivityKind.EVENT) for day, kind in done
    )


def due_followups(
    met: Iterable[Met],
    done: Mapping[int, Iterable[tuple[date, ActivityKind]]],
    today: date,
    days: int,
    serves: Mapping[int, list[int]] | None = None,
) -> list[Followup]:
    """Everyone met at an event up to `today` and not followed up since (see `followed_up`),
    each due `days` after the event where they were last met. `done`: by contact id, the
    (date, kind) of the activities logged with them; `serves`: by contact id, the active
    objectives each serves. People who serve a goal come first, then by due date, then by
    name."""
    serves = serves or {}
    latest: dict[int, Met] = {}
    for entry in met:
        if entry.met_on > today:
            continue  # an event still to come: nobody has been met there yet
        known = latest.get(entry.contact_id)
        if known is None or (entry.met_on, entry.event_id) > (known.met_on, known.event_id):
            latest[entry.contact_id] = entry
    out: list[Followup] = []
    for entry in latest.values():
        if followed_up(entry.met_on, done.get(entry.contact_id, ())):
            continue
        due_on = entry.met_on + timedelta(days=days)
        out.append(
            Followup(
                contact_id=entry.contact_id,
                name=entry.name,
                event_id=entry.event_id,
                event=entry.event,
                met_on=entry.met_on,
                due_on=due_on,
                days_late=max(0, (today - due_on).days),
                serves=list(serves.get(entry.contact_id, [])),
            )
        )
    out.sort(key=lambda f: (not f.serves, f.due_on, f.name.casefold(), f.contact_id))
    return out


def when_due(followup: Followup, today: date) -> str:
    """``2 d late``, ``due today``, ``due in 1 d``."""
    if followup.days_late:
        return f"{followup.days_late} d late"
    ahead = (followup.due_on - today).days
    return "due today" if ahead <= 0 else f"due in {ahead} d"
