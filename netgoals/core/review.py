"""The pre-event review: the asks, the people to seek, the gaps — computed once, shown twice
(the review screen in the app, and `netgoals brief` as Markdown or JSON)."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice, repeat

from netgoals.core.errors import NetgoalsError
from netgoals.core.matching import Matching, Reason
from netgoals.core.models import Event, Objective, Relation
from netgoals.core.motivation import Due, Summary, format_minutes
from netgoals.core.text import name_key, name_keys
from netgoals.core.words import plural

PEOPLE_PER_OBJECTIVE = 12
REMINDER_WEEKS = 4


@dataclass(frozen=True)
class PersonToSeek:
    contact_id: int
    name: str
    organization: str
    role: str
    attending: bool  # expected at the event
    way_in: bool  # linked as "introduces": the way in to the people who can help
    due_days: int | None  # days past their keep-in-touch interval, when due
    reasons: tuple[Reason, ...]


@dataclass
class ObjectiveBrief:
    objective: Objective
    people: list[PersonToSeek] = field(default_factory=list)
    more: int = 0  # matching contacts not listed


@dataclass
class Review:
    event: Event | None
    objectives: list[ObjectiveBrief]  # targeted objectives somebody matches, priority order
    gaps: list[Objective]  # targeted objectives nobody matches, with their hangouts
    also_attending: list[tuple[int, str]]  # expected people who serve no targeted objective
    reminder: str  # one line of motivation
    has_active_objective: bool = True
    # active objectives nobody matches that the event is not for: still worth a word there
    still_without: list[Objective] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.objectives and not self.gaps


def upcoming(events: Iterable[Event], today: date) -> list[Event]:
    """Events from today on, soonest first."""
    return sorted(
        (e for e in events if e.start_date >= today), key=lambda e: (_sort_key(e), e.id or 0)
    )


def _sort_key(event: Event) -> datetime:
    start = event.starts_at
    return start if isinstance(start, datetime) else datetime(start.year, start.month, start.day)


def choose_event(events: list[Event], wanted: str | None, today: date) -> Event | None:
    """The event a review is for: `wanted` is an id or a name (ignoring case; a unique
    beginning of a name is enough); without it, the next upcoming event (None if there is
    none). Raises NetgoalsError for an event that is missing or ambiguous."""
    if wanted is None:
        soon = upcoming(events, today)
        return soon[0] if soon else None
    text = wanted.strip()
    if text.isdigit():
        found = [e for e in events if e.id == int(text)]
        if found:
            return found[0]
    folded = text.casefold()
    exact = [e for e in events if e.name.casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    prefixed = exact or [e for e in events if e.name.casefold().startswith(folded)]
    if len(prefixed) == 1:
        return prefixed[0]
    if not prefixed:
        soon = upcoming(events, today)
        if not soon:
            raise NetgoalsError(f"no event is called {text!r}, and none is coming up")
        names = ", ".join(f"{e.name} ({e.id}, {e.start_date.isoformat()})" for e in soon[:5])
        more = f" and {len(soon) - 5} more" if len(soon) > 5 else ""
        raise NetgoalsError(f"no event is called {text!r}; coming up: {names}{more}")
    names = ", ".join(f"{e.name} ({e.id})" for e in prefixed[:5])
    raise NetgoalsError(f"{text!r} could be several events: {names}; give its id")


def reminder_line(summary: Summary) -> str:
    """One line: recent effort and payback, and the streak."""
    recent = summary.weeks[-REMINDER_WEEKS:]
    count = sum(w.activities for w in recent)
    effort = sum(w.effort_minutes for w in recent)
    payback = sum(w.payback for w in recent)
    weeks = plural(summary.streak, "week")
    return (
        f"Last {REMINDER_WEEKS} weeks: {plural(count, 'activity', 'activities')}, "
        f"{format_minutes(effort)}, payback "
        f"{payback}. Streak: {weeks} on target. This week: "
        f"{summary.this_week}/{summary.target}."
    )


def _first_in_order(
    matching: Matching,
    objective_id: int,
    members: set[int],
    attending: set[int],
    name_of: Callable[[int], str],
    by_name: Callable[[], Iterable[int]] | None,
    names: Callable[[], Mapping[int, str]],
    limit: int,
) -> list[int]:
    """The first `limit` of `members` in the review's order: those expected at the event,
    then the ways in (linked as "introduces"), then by name, then by id.

    The expected people and the ways in are few and are sorted. The others can be most of a
    large network: they are taken from `by_name` (every contact, by name) until there are
    enough, or else ranked by name from `names`, their keys made without a Python call per
    contact."""
    way_in = {
        contact_id
        for contact_id, link in matching.links_of(objective_id).items()
        if link.relation is Relation.INTRODUCES
    }
    first = members & (attending | way_in)

    def order(contact_id: int) -> tuple[bool, bool, bytes, int]:
        name = name_key(name_of(contact_id))
        return (contact_id not in attending, contact_id not in way_in, name, contact_id)

    ranked = sorted(first, key=order)[:limit]
    wanted = limit - len(ranked)
    if wanted <= 0:
        return ranked
    if by_name is not None:
        others = (c for c in by_name() if c in members and c not in first)
        return ranked + list(islice(others, wanted))
    every = names()
    rest = list(members - first)
    keys = zip(name_keys(map(every.get, rest, repeat(""))), rest, strict=True)
    return ranked + [contact_id for _name, contact_id in heapq.nsmallest(wanted, keys)]


def build_review(
    matching: Matching,
    people: Mapping[int, tuple[str, str, str]],
    *,
    event: Event | None,
    due: Iterable[Due],
    summary: Summary,
    limit: int = PEOPLE_PER_OBJECTIVE,
    explain: Callable[[int, Objective], list[Reason]] | None = None,
    names: Mapping[int, str] | None = None,
    by_name: Callable[[], Iterable[int]] | None = None,
) -> Review:
    """The review for `event` (or, without one, for every active objective).

    For each objective the event targets (all active objectives when it names none), in
    priority order: the people who match it — those expected at the event first, then the ways
    in (linked as "introduces"), then by name as the contacts list orders it (`name_key`) —
    at most `limit` of them; then the gaps, then a line of motivation. `people` maps contact
    id -> (name, organization, role); `explain`, when given, details the reasons of the people
    listed (which field each keyword is in). `names` maps every contact id to its name, when
    `people` is read only for the people listed (a large network's organisations and roles
    are then not all read). `by_name`, when given, gives every contact id in that order (the
    contacts list's rows) at each call: the people are then taken from it, and no name but
    those of the few people expected or linked is looked up.
    """
    every: Mapping[int, str] | None = names

    def all_names() -> Mapping[int, str]:
        nonlocal every
        if every is None:
            every = {contact_id: found[0] for contact_id, found in people.items()}
        return every

    def name_of(contact_id: int) -> str:
        if every is not None:
            return every.get(contact_id, "")
        found = people.get(contact_id)
        return found[0] if found else ""

    active = {o.id: o for o in matching.objectives}
    if event is not None and event.objective_ids:
        targeted = [o for o in matching.objectives if o.id in set(event.objective_ids)]
    else:
        targeted = list(matching.objectives)
    attending = set(event.contact_ids) if event else set()
    late = {d.contact_id: d.overdue_days for d in due}

    briefs: list[ObjectiveBrief] = []
    gaps: list[Objective] = []
    served: set[int] = set()
    for objective in targeted:
        oid = objective.id or 0
        members = matching.members.get(oid, set())
        if not members:
            gaps.append(objective)
            continue
        served |= members

        ranked = _first_in_order(
            matching, oid, members, attending, name_of, by_name, all_names, limit
        )
        found = []
        for contact_id in ranked:
            reasons = tuple(
                explain(contact_id, objective)
                if explain
                else matching.reasons_for(contact_id, objective)
            )
            name, organization, role = people.get(contact_id, ("?", "", ""))
            found.append(
                PersonToSeek(
                    contact_id,
                    name,
                    organization,
                    role,
                    attending=contact_id in attending,
                    way_in=any(r.relation is Relation.INTRODUCES for r in reasons),
                    due_days=late.get(contact_id),
                    reasons=reasons,
                )
            )
        briefs.append(ObjectiveBrief(objective, found, max(0, len(members) - limit)))
    targeted_ids = {o.id for o in targeted}
    still_without = [
        o
        for o in matching.objectives
        if o.id not in targeted_ids and not matching.members.get(o.id or 0)
    ]
    also = sorted(
        ((c, name) for c in attending - served if (name := name_of(c))),
        key=lambda pair: pair[1].casefold(),
    )
    return Review(
        event=event,
        objectives=briefs,
        gaps=gaps,
        also_attending=also,
        reminder=reminder_line(summary),
        has_active_objective=bool(active),
        still_without=still_without,
    )
