"""Events from calendar files (iCalendar, .ics): Meetup, Eventbrite, Google Calendar, Outlook.

Three steps, each usable alone: `looks_like_ics` recognises a calendar from its content;
`parse_ics` reads every event into drafts without touching the database; `apply_ics` writes the
drafts in one transaction (all or nothing).

Each VEVENT becomes an event: its summary the name, its start converted to local time (a date
for an all-day event), its location the place, its description and web address the notes. The
event's UID is kept, so that importing the same calendar again updates the event instead of
adding it twice. Attendees and the organiser whose email is a contact's (ignoring case) become
the people expected there; those who declined do not. A recurring event contributes its next
occurrence (its last one, when the series is over). Cancelled events are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from netgoals.core.clock import local_zone
from netgoals.core.errors import NetgoalsError
from netgoals.core.models import (
    LONG_TEXT_MAX,
    NAME_MAX,
    SHORT_TEXT_MAX,
    Event,
    clean_line,
    clean_long,
    format_when,
)
from netgoals.storage import Store

MAX_EVENTS = 100_000  # VEVENTs in one file, as the contact files' rows
UNTITLED = "(no title)"  # what Google Calendar calls an event without a summary
# how far a recurring series is followed looking for its next occurrence
_LOOK_AHEAD = timedelta(days=3 * 366)
_LOOK_BACK = timedelta(days=366)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


class CalendarError(NetgoalsError):
    """A calendar file refused whole."""


@dataclass
class EventDraft:
    """One event read from a calendar, not yet matched to the database."""

    uid: str
    name: str
    starts_at: datetime | date  # local time, to the minute (a date: all day)
    place: str = ""
    notes: str = ""
    emails: list[str] = field(default_factory=list)  # attendees' and organiser's, folded
    recurring: bool = False


@dataclass
class Parsed:
    """What a calendar file holds: the drafts and what was left out."""

    drafts: list[EventDraft] = field(default_factory=list)
    cancelled: int = 0
    ended: int = 0  # recurring events with no occurrence in the last year or the next three


@dataclass
class IcsResult:
    """What an import did (or, for a dry run, would do)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    ended: int = 0
    expected: int = 0  # people expected at the events, found among the contacts
    dry_run: bool = False

    def report(self) -> str:
        """What the import did, for the importers' list (`netgoals.formats.importers`)."""
        return self.summary()

    def summary(self) -> str:
        added, updated = ("would add", "would update") if self.dry_run else ("added", "updated")
        line = (
            f"events: {added} {self.added}, {updated} {self.updated}, "
            f"skipped {self.unchanged} (already up to date)"
        )
        if self.cancelled:
            line += f", {self.cancelled} cancelled left out"
        if self.ended:
            line += f", {self.ended} recurring with no date near now left out"
        if self.expected:
            line += f"; {self.expected} people expected there are your contacts"
        return line


# --- recognise -------------------------------------------------------------------------------


def looks_like_ics(text: str) -> bool:
    """Whether `text` is an iCalendar file: its first line is BEGIN:VCALENDAR."""
    first = text.lstrip("\ufeff \t\r\n")[:64].splitlines()
    return bool(first) and first[0].strip().upper() == "BEGIN:VCALENDAR"


# --- parse -----------------------------------------------------------------------------------


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice: the first one
        value = value[0] if value else ""
    return str(value)


def _cut(text: str, limit: int) -> str:
    """`text` within `limit` characters (a calendar's text has no length limit; ours do)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _local(value: date | datetime, zone: tzinfo | None) -> datetime | date:
    """A start as netgoals keeps it: a date, or a time to the minute in local time (a time
    without a zone is already the user's own, as iCalendar's floating times are)."""
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is not None:
        value = value.astimezone(zone) if zone is not None else value.astimezone()
    return value.replace(second=0, microsecond=0, tzinfo=None)


def _emails(component: Any) -> list[str]:
    """The folded emails of the attendees who did not decline, and of the organiser."""
    found: list[str] = []
    people = component.get("ATTENDEE") or []
    if not isinstance(people, list):
        people = [people]
    organiser = component.get("ORGANIZER")
    for person in [*people, *([organiser] if organiser is not None else [])]:
        params = getattr(person, "params", {}) or {}
        if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        address = str(person).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        address = address.strip().casefold()
        if "@" in address and address not in found:
            found.append(address)
    return found


def _notes(component: Any) -> str:
    """The description, then the event's web address unless the description holds it."""
    # Google Calendar writes its line breaks as HTML
    description = clean_long(_BREAK.sub("\n", _text(component, "DESCRIPTION")))
    url = clean_line(_text(component, "URL"))
    if url and url not in description:
        description = f"{description}\n{url}" if description else url
    return _cut(description, LONG_TEXT_MAX)


def _draft(component: Any, start: date | datetime, zone: tzinfo | None) -> EventDraft:
    name = clean_line(_text(component, "SUMMARY")) or UNTITLED
    return EventDraft(
        uid=clean_line(_text(component, "UID")),
        name=_cut(name, NAME_MAX),
        starts_at=_local(start, zone),
        place=_cut(clean_line(_text(component, "LOCATION")), SHORT_TEXT_MAX),
        notes=_notes(component),
        emails=_emails(component),
    )


def _start(component: Any) -> date | datetime | None:
    """The start, or None when there is none that can be read."""
    try:
        found = getattr(component.get("DTSTART"), "dt", None)
    except ValueError:  # icalendar's broken property: "DTSTART:soon"
        return None
    return found if isinstance(found, date) else None


def _cancelled(component: Any) -> bool:
    return _text(component, "STATUS").upper() == "CANCELLED"


def _moment(value: date | datetime | None, zone: tzinfo | None) -> datetime:
    """A start as an aware moment, to compare occurrences (floating and all-day starts are in
    local time)."""
    if value is None:
        return datetime.max.replace(tzinfo=UTC)
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone) if zone is not None else value.astimezone()
    return value


def _calendars(text: str) -> list[Any]:
    """The calendars a file holds, read whole. Raises CalendarError for a file that is not a
    readable calendar, or is cut off."""
    import icalendar  # loaded only for calendar files

    if not looks_like_ics(text):
        raise CalendarError("not a calendar file (it does not start with BEGIN:VCALENDAR)")
    if text.rstrip().rsplit("\n", 1)[-1].strip().upper() != "END:VCALENDAR":
        # what is not closed is silently dropped by the reader: refuse a cut-off file instead
        raise CalendarError("the calendar is cut off (it does not end with END:VCALENDAR)")
    try:
        calendars = icalendar.Calendar.from_ical(text.lstrip("\ufeff"), multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise CalendarError(f"not a readable calendar file ({_first_line(error)})") from None
    return list(calendars)


def _recurring(component: Any) -> bool:
    return component.get("RRULE") is not None or component.get("RDATE") is not None


def _one_off(component: Any) -> bool:
    """An event on its own: not a series, not one changed occurrence of one, not cancelled."""
    return not (
        _recurring(component) or component.get("RECURRENCE-ID") is not None or _cancelled(component)
    )


def _readable(text: str) -> list[Any]:
    """The calendars of a file whose every event can be read. Raises CalendarError, naming the
    events that cannot, for a file that is not such a calendar (nothing is then imported)."""
    calendars = _calendars(text)
    problems: list[str] = []
    for calendar in calendars:
        events = calendar.walk("VEVENT")
        if len(events) > MAX_EVENTS:
            raise CalendarError(f"over {MAX_EVENTS:,} events: refused, nothing was imported")
        for index, component in enumerate(events, start=1):
            if _one_off(component) and _start(component) is None:
                name = clean_line(_text(component, "SUMMARY")) or UNTITLED
                problems.append(
                    f"event {index} ({name[:60]}): it has no start that can be read (DTSTART)"
                )
    if problems:
        raise CalendarError(
            "calendar refused, nothing was imported:" + "".join(f"\n  {p}" for p in problems[:50])
        )
    return calendars


def parse_ics(text: str, *, now: datetime, zone: tzinfo | None = None) -> Parsed:
    """Every event of a calendar file, as drafts in local time. `now` decides which occurrence
    of a recurring event is the next; `zone` is the local time zone (None: the system's).
    Raises CalendarError for a file that is not a readable calendar."""
    parsed = Parsed()
    for calendar in _readable(text):
        series: set[str] = set()  # the UIDs of recurring events
        for component in calendar.walk("VEVENT"):
            if _recurring(component):
                series.add(_text(component, "UID"))
            elif _cancelled(component) and component.get("RECURRENCE-ID") is None:
                parsed.cancelled += 1
            elif _one_off(component):
                parsed.drafts.append(_draft(component, _start(component), zone))
        if series:
            parsed.drafts += _next_occurrences(calendar, series, now, zone, parsed)
    return Parsed(_one_per_uid(parsed.drafts), parsed.cancelled, parsed.ended)


def _next_occurrences(
    calendar: Any, uids: set[str], now: datetime, zone: tzinfo | None, parsed: Parsed
) -> list[EventDraft]:
    """The next occurrence of each recurring event of `uids` from `now` on (else its last)."""
    import recurring_ical_events

    if now.tzinfo is None:
        now = now.replace(tzinfo=zone) if zone is not None else now.astimezone()
    found: dict[str, Any] = {}
    try:
        query = recurring_ical_events.of(calendar)
        # in order of start: the first of each series from now on is its next occurrence
        for occurrence in query.after(now):
            start = _start(occurrence)
            if start is None or _moment(start, zone) > now + _LOOK_AHEAD:
                break
            uid = _text(occurrence, "UID")
            if uid in uids and uid not in found and not _cancelled(occurrence):
                found[uid] = occurrence
                if found.keys() >= uids:
                    break
        missing = uids - found.keys()
        if missing:  # a series that is over: its last occurrence, if it was lately
            past = query.between(now - _LOOK_BACK, now)
            for occurrence in sorted(past, key=lambda o: _moment(_start(o), zone)):
                uid = _text(occurrence, "UID")
                if uid in missing and not _cancelled(occurrence):
                    found[uid] = occurrence
    except (ValueError, KeyError, TypeError, OverflowError) as error:
        raise CalendarError(f"a recurring event cannot be read ({_first_line(error)})") from None
    drafts = []
    for uid in sorted(found):
        occurrence = found[uid]
        start = _start(occurrence)
        if start is None:
            continue
        draft = _draft(occurrence, start, zone)
        draft.recurring = True
        drafts.append(draft)
    parsed.ended += len(uids - found.keys())
    return drafts


def _one_per_uid(drafts: list[EventDraft]) -> list[EventDraft]:
    """One draft per UID (a file may repeat an event: the last one is the newest)."""
    by_uid: dict[str, EventDraft] = {}
    others: list[EventDraft] = []
    for draft in drafts:
        if draft.uid:
            by_uid.pop(draft.uid, None)
            by_uid[draft.uid] = draft
        else:
            others.append(draft)
    return sorted([*by_uid.values(), *others], key=lambda d: (format_when(d.starts_at), d.name))


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


# --- apply -----------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return text.casefold().strip()


def _notes_with(stored: str, incoming: str) -> str:
    """The stored notes gaining the calendar's text, unless they already hold it."""
    if not incoming or incoming in stored:
        return stored
    return _cut(f"{stored}\n\n{incoming}" if stored else incoming, LONG_TEXT_MAX)


def apply_ics(store: Store, parsed: Parsed, *, dry_run: bool = False) -> IcsResult:
    """Write the drafts into `store` in one transaction: nothing at all on failure.

    An event already there, by its UID (else, for one without a UID, by the same name and
    start), is updated: the name, start and place take the calendar's, the notes gain its
    text, the people expected there gain those found; its objectives are kept.
    """
    result = IcsResult(cancelled=parsed.cancelled, ended=parsed.ended, dry_run=dry_run)
    with store.transaction(dry_run=dry_run):
        events = store.events()
        by_uid = {e.uid: e for e in events if e.uid}
        by_name = {(_fold(e.name), format_when(e.starts_at)): e for e in events if not e.uid}
        emails = {d_email for draft in parsed.drafts for d_email in draft.emails}
        contacts = store.contact_ids_by_email(emails)
        for draft in parsed.drafts:
            expected = list(dict.fromkeys(contacts[e] for e in draft.emails if e in contacts))
            result.expected += len(expected)
            found = by_uid.get(draft.uid) if draft.uid else None
            if found is None:
                found = by_name.pop((_fold(draft.name), format_when(draft.starts_at)), None)
            if found is None:
                saved = store.save_event(
                    Event(
                        name=draft.name,
                        starts_at=draft.starts_at,
                        place=draft.place,
                        notes=draft.notes,
                        contact_ids=expected,
                        uid=draft.uid,
                    )
                )
                result.added += 1
                if draft.uid:
                    by_uid[draft.uid] = saved
                continue
            updated = found.model_copy(
                update={
                    "name": draft.name,
                    "starts_at": draft.starts_at,
                    "place": draft.place or found.place,
                    "notes": _notes_with(found.notes, draft.notes),
                    "contact_ids": list(dict.fromkeys([*found.contact_ids, *expected])),
                    "uid": draft.uid or found.uid,
                }
            )
            if updated == found:
                result.unchanged += 1
                continue
            store.save_event(updated)
            result.updated += 1
            if draft.uid:
                by_uid[draft.uid] = updated
    return result


# --- the importers' list (netgoals.formats.importers) ----------------------------------------


@dataclass(frozen=True)
class CalendarText:
    """A calendar file checked readable; its events are read when applied, by the store's
    clock (which occurrence of a recurring event is next, and the local time zone)."""

    text: str


def recognise(text: str) -> bool:
    """Whether `text` is a calendar file."""
    return looks_like_ics(text)


def load(text: str) -> CalendarText:
    """The calendar file, refused now (CalendarError) if it is cut off or an event in it
    cannot be read."""
    _readable(text)
    return CalendarText(text)


def apply(
    store: Store, loaded: CalendarText, *, dry_run: bool = False, progress: object = None
) -> IcsResult:
    """Read the events by the store's clock and write them in one transaction."""
    now = store.clock()
    return apply_ics(store, parse_ics(loaded.text, now=now, zone=local_zone(now)), dry_run=dry_run)
