"""The pre-event review on paper: Markdown for people, JSON for programs (`netgoals brief`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from netgoals.core.matching import FIELD_LABELS, Matching
from netgoals.core.models import Event, Relation, format_when
from netgoals.core.motivation import Summary, due_contacts, format_minutes, summarize
from netgoals.core.payback import (
    FLAG_MESSAGE,
    FLAG_WEEKS,
    PAYBACK_WEEKS,
    Payback,
    format_rate,
    payback,
    window_start,
)
from netgoals.core.review import PersonToSeek, Review, build_review, choose_event
from netgoals.core.words import plural
from netgoals.storage import Store

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md(text: str) -> str:
    """User text made inert in Markdown: its characters mean themselves, nothing more."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def review_from(
    store: Store,
    today: date,
    *,
    event: Event | None = None,
    wanted: str | None = None,
    matching: Matching | None = None,
    summary: Summary | None = None,
    names: Mapping[int, str] | None = None,
    by_name: Callable[[], Iterable[int]] | None = None,
) -> Review:
    """The review for `event`, or for the event named by `wanted` (an id or a name), or for
    the next upcoming event. What is at hand may be passed rather than read again: `matching`,
    the motivation `summary` as of `today`, and `names` (contact id -> name, every contact)
    or `by_name` (every contact id in the contacts list's order, as `build_review` takes it)."""
    if event is None:
        event = choose_event(store.events(), wanted, today)
    matching = matching or store.matching()
    if summary is None:
        summary = summarize(
            store.activity_history(),
            today,
            store.settings().weekly_target,
            store.weekly_target_changes(),
        )
    review = build_review(
        matching,
        _Summaries(store),
        names=store.contact_names() if names is None and by_name is None else names,
        by_name=by_name,
        event=event,
        due=(),
        summary=summary,
        explain=lambda contact_id, objective: store.explain(
            matching, contact_id, [objective.id or 0]
        ).get(objective.id or 0, []),
    )
    # follow-ups are read for the few people listed, not for the whole network
    listed = sorted({p.contact_id for brief in review.objectives for p in brief.people})
    late = {
        d.contact_id: d.overdue_days
        for d in due_contacts(store.cadence_contacts(only=listed), today, matching.matched)
    }
    for brief in review.objectives:
        brief.people = [replace(p, due_days=late.get(p.contact_id)) for p in brief.people]
    return review


class _Summaries(Mapping[int, tuple[str, str, str]]):
    """(name, organization, role) of a contact, read when first asked for: a review lists a
    few dozen people of a network of thousands."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.read: dict[int, tuple[str, str, str]] = {}

    def __getitem__(self, contact_id: int) -> tuple[str, str, str]:
        if contact_id not in self.read:
            self.read.update(self.store.contact_summaries_of([contact_id]))
        return self.read[contact_id]

    def __iter__(self) -> Iterator[int]:
        return iter(self.store.contact_summaries())

    def __len__(self) -> int:
        return self.store.contact_count()


def when(event: Event) -> str:
    """The start as people say it: Thursday 3 December 2026, 18:30 (or just the day)."""
    start = event.starts_at
    day = f"{start:%A} {start.day} {start:%B %Y}"
    return f"{day}, {start:%H:%M}" if isinstance(start, datetime) else day


def clause(text: str) -> str:
    """`text` as one clause of a list joined with "; ": without the full stop, comma, colon or
    semicolon it may end with, so that none is doubled ("Bank.; matches")."""
    return text.strip().rstrip(".,;:").rstrip()


def person_facts(person: PersonToSeek) -> list[str]:
    """What to know about a person to seek, in a few words (shared by screen and paper); each
    a clause, to be joined with "; "."""
    facts = ["expected there"] if person.attending else []
    keywords: list[str] = []
    for reason in person.reasons:
        note = clause(reason.note) if reason.note else ""
        if reason.kind == "link" and reason.relation is Relation.INTRODUCES:
            facts.append(f"the way in: {note}" if note else "the way in")
        elif reason.kind == "link":
            facts.append(f"helps: {note}" if note else "linked: helps")
        else:
            where = FIELD_LABELS.get(reason.field, "")
            found = f'"{reason.keyword}"' + (f" ({where})" if where else "")
            if found not in keywords:
                keywords.append(found)
    if person.due_days is not None:
        facts.append(f"follow-up {plural(person.due_days, 'day')} late")
    if keywords:
        facts.append("matches " + ", ".join(keywords))
    return facts


def markdown(review: Review) -> str:
    lines: list[str] = []
    if review.event is not None:
        event = review.event
        lines.append(f"# Before you walk in: {md(event.name)}")
        lines.append("")
        place = f" · {md(event.place)}" if event.place else ""
        lines.append(f"**{when(event)}**{place}")
        if event.notes:
            lines += ["", md(event.notes)]
    else:
        lines.append("# Before you walk in")
        lines += ["", "No event coming up: the review covers every active objective."]
    if not review.has_active_objective:
        lines += [
            "",
            "You have no active objective yet. State why you network first: open",
            "the app and add one (`a` in the objectives pane).",
        ]
    elif review.is_empty:
        lines += ["", "None of the objectives this event is for is active."]
    for brief in review.objectives:
        objective = brief.objective
        lines += ["", f"## {md(objective.title)} ({objective.priority.value})", ""]
        ask = md(objective.ask) if objective.ask else "(no ask yet: write one in the app)"
        lines.append(f"> **{ask}**")
        if objective.why:
            lines += ["", f"*Why:* {md(objective.why)}"]
        lines += ["", "People to seek:", ""]
        for person in brief.people:
            about = ", ".join(p for p in (person.role, person.organization) if p)
            head = f"- **{md(person.name)}**" + (f" — {md(about)}" if about else "")
            facts = "; ".join(md(f) for f in person_facts(person))
            lines.append(f"{head} · {facts}" if facts else head)
        if brief.more:
            lines.append(f"- … and {plural(brief.more, 'more matching contact')}")
    for gap in review.gaps:
        lines += ["", f"## ⚠ Gap: {md(gap.title)}", ""]
        if gap.ask:
            lines += [f"> **{md(gap.ask)}**", ""]
        lines.append("Nobody you know matches it yet. Go where the right people are:")
        lines.append("")
        lines += [f"- {md(h)}" for h in gap.hangouts] or ["- (no hangouts yet: add some)"]
    if review.still_without:
        lines += ["", "## Still without anyone", ""]
        lines.append("Not what this event is for, but worth a word if the chance comes:")
        lines.append("")
        for objective in review.still_without:
            hangouts = "; ".join(md(h) for h in objective.hangouts) or "no hangouts yet"
            lines.append(f"- **{md(objective.title)}** (where to go: {hangouts})")
    if review.also_attending:
        lines += ["", "## Also expected", ""]
        lines += [f"- {md(name)}" for _id, name in review.also_attending]
    lines += ["", "---", "", review.reminder, ""]
    return "\n".join(lines)


def document(review: Review) -> dict[str, Any]:
    """The review as JSON-ready data (its shape is documented in the README)."""
    event = review.event
    return {
        "event": None
        if event is None
        else {
            "id": event.id,
            "name": event.name,
            "starts_at": format_when(event.starts_at),
            "place": event.place,
            "notes": event.notes,
        },
        "objectives": [
            {
                "id": brief.objective.id,
                "title": brief.objective.title,
                "priority": brief.objective.priority.value,
                "ask": brief.objective.ask,
                "why": brief.objective.why,
                "people": [
                    {
                        "id": p.contact_id,
                        "name": p.name,
                        "organization": p.organization,
                        "role": p.role,
                        "attending": p.attending,
                        "way_in": p.way_in,
                        "due_days": p.due_days,
                        "reasons": [{**r.as_dict(), "summary": r.describe()} for r in p.reasons],
                    }
                    for p in brief.people
                ],
                "more": brief.more,
            }
            for brief in review.objectives
        ],
        "gaps": [
            {"id": g.id, "title": g.title, "ask": g.ask, "hangouts": g.hangouts}
            for g in review.gaps
        ],
        "also_attending": [{"id": i, "name": n} for i, n in review.also_attending],
        "still_without": [
            {"id": o.id, "title": o.title, "ask": o.ask, "hangouts": o.hangouts}
            for o in review.still_without
        ],
        "reminder": review.reminder,
    }


# --- what pays back --------------------------------------------------------------------------


def payback_from(store: Store, today: date) -> Payback:
    """The payback figures of the last weeks, read from `store`."""
    return payback(
        store.payback_history(window_start(today, PAYBACK_WEEKS)), store.objectives(), today
    )


def payback_document(figures: Payback) -> dict[str, Any]:
    """The payback figures as JSON-ready data (the `payback` key of `brief --json`)."""
    return {
        "by_kind": [
            {
                "kind": k.kind.value,
                "activities": k.activities,
                "minutes": k.minutes,
                "payback": k.payback,
                "per_hour": k.per_hour,
            }
            for k in figures.by_kind
        ],
        "by_objective": [
            {
                "objective_id": o.objective_id,
                "title": o.title,
                "activities": o.activities,
                "minutes": o.minutes,
                "payback": o.payback,
                "per_hour": o.per_hour,
            }
            for o in figures.by_objective
        ],
        "flagged": [
            {
                "objective_id": f.objective_id,
                "title": f.title,
                "minutes": f.minutes,
                "payback": f.payback,
                "per_hour": f.per_hour,
                "message": FLAG_MESSAGE,
                "hangouts": f.hangouts,
            }
            for f in figures.flagged
        ],
    }


def payback_markdown(figures: Payback) -> str:
    """The payback figures as a Markdown section (appended to the brief)."""
    lines = ["", f"## What pays back (last {PAYBACK_WEEKS} weeks)", ""]
    if figures.is_empty:
        lines += ["No activity logged in these weeks.", ""]
        return "\n".join(lines)
    lines += [
        "| activity | done | effort | payback | per hour |",
        "| --- | --- | --- | --- | --- |",
    ]
    for k in figures.by_kind:
        lines.append(
            f"| {k.kind.value} | {k.activities} | {format_minutes(k.minutes)} | {k.payback} "
            f"| {format_rate(k.per_hour)} |"
        )
    if figures.by_objective:
        lines += ["", "| objective | done | effort | payback | per hour |"]
        lines.append("| --- | --- | --- | --- | --- |")
        for o in figures.by_objective:
            lines.append(
                f"| {md(o.title)} | {o.activities} | {format_minutes(o.minutes)} | {o.payback} "
                f"| {format_rate(o.per_hour)} |"
            )
    for f in figures.flagged:
        lines += [
            "",
            f"**⚠ {md(f.title)}: {FLAG_MESSAGE}.** Last {FLAG_WEEKS} weeks: "
            f"{format_minutes(f.minutes)} for a payback of {f.payback} "
            f"({format_rate(f.per_hour)}).",
        ]
        if f.hangouts:
            lines += ["", "Where the right people are:", ""]
            lines += [f"- {md(h)}" for h in f.hangouts]
    lines.append("")
    return "\n".join(lines)
