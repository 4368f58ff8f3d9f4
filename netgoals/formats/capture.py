"""Capture at or after an event: one line typed per person met, each written at once.

A line (`netgoals.core.followups.parse_capture`) adds the person, or finds them when they are
known already (by the rule imports use for "the same person"), and marks them as met at the
event: one of its people, met there, last contacted on its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from netgoals.core.errors import NetgoalsError
from netgoals.core.followups import Captured, Followup, due_followups, met_line, parse_capture
from netgoals.core.identity import Identity
from netgoals.core.matching import Matching
from netgoals.core.models import Contact, describe
from netgoals.formats.people import known_people
from netgoals.storage import Store


@dataclass(frozen=True)
class CaptureResult:
    """What one capture line did."""

    contact_id: int
    name: str
    added: bool  # a new contact (else someone already known)
    already_met: bool  # marked as met at this event before


def same_person(store: Store, person: Captured) -> int | None:
    """The contact already stored who is `person`, by the rule imports follow (the same name
    and organisation, when nothing stronger than a name is known), or None."""
    found = known_people(store).matches(Identity(person.name, person.organization))
    return found[0] if found else None


def _appended(old: str, new: str) -> str:
    if not new or new.casefold() in old.casefold():
        return old
    return f"{old}\n{new}" if old else new


def capture(store: Store, event_id: int, line: str) -> CaptureResult:
    """Add (or find) the person `line` names and mark them as met at event `event_id`, in one
    transaction. Raises NetgoalsError, in plain words, for a line without a name, a value
    refused (a name over 200 characters) or an event deleted meanwhile."""
    try:
        person = parse_capture(line)
    except ValueError as error:
        raise NetgoalsError(str(error)) from None
    with store.transaction():
        event = store.event(event_id)
        if event is None:
            raise NetgoalsError("this event was deleted meanwhile; nothing was written")
        how = met_line(event.name, event.start_date)
        known = same_person(store, person)
        current = store.contact(known) if known is not None else None
        try:
            if current is None:
                contact = Contact(
                    name=person.name,
                    role=person.role,
                    organization=person.organization,
                    notes=person.note,
                    how_met=how,
                )
            else:
                contact = current.model_copy(
                    update={
                        # what was said at the event is newer, as an import's file is
                        "role": person.role or current.role,
                        "organization": person.organization or current.organization,
                        "notes": _appended(current.notes, person.note),
                        "how_met": _appended(current.how_met, how),
                    }
                )
            saved = store.save_contact(contact)
        except ValidationError as error:
            raise NetgoalsError(f"not added: {describe(error, sep='; ')}") from None
        assert saved.id is not None
        newly = store.mark_met(event_id, saved.id)
    return CaptureResult(saved.id, saved.name, current is None, not newly)


def serving(matching: Matching, contact_id: int) -> list[int]:
    """The active objectives `contact_id` serves, in priority order (none: off-goal)."""
    return [
        objective.id or 0
        for objective in matching.objectives
        if contact_id in matching.members.get(objective.id or 0, ())
    ]


def followups(store: Store, today: date, matching: Matching | None = None) -> list[Followup]:
    """Everyone met at an event and not followed up yet (`core.followups.due_followups`), by
    the store's `followup_days` setting. `matching`: the network's, when already made."""
    met = store.met_people()
    if not met:
        return []
    ids = sorted({m.contact_id for m in met})
    if matching is None:
        matching = store.matching(only=ids)
    return due_followups(
        met,
        store.activities_with(ids),
        today,
        store.settings().followup_days,
        {contact_id: serving(matching, contact_id) for contact_id in ids},
    )


def followups_document(found: list[Followup]) -> dict[str, Any]:
    """`netgoals followups --json`: the follow-ups as data."""
    return {
        "followups": [
            {
                "contact_id": f.contact_id,
                "name": f.name,
                "event_id": f.event_id,
                "event": f.event,
                "met_on": f.met_on.isoformat(),
                "due_on": f.due_on.isoformat(),
                "days_late": f.days_late,
                "serves": f.serves,
            }
            for f in found
        ]
    }
