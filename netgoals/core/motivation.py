"""What networking costs and pays back (the motivation tracker), week by week.

Weeks are ISO weeks (Monday to Sunday). Nothing here asks the system for the date: `today` is
always given, from the one injectable clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import NamedTuple

STRETCH = 4  # discomfort from which an activity counts as a stretch out of the comfort zone
CHART_WEEKS = 12
BARS = " ▁▂▃▄▅▆▇█"


class Logged(NamedTuple):
    """What the tracker needs of one activity."""

    date: date
    effort_minutes: int
    discomfort: int
    payback: int


@dataclass
class ObjectiveEffort:
    """Totals of the activities logged for one objective."""

    objective_id: int
    activities: int = 0
    effort_minutes: int = 0
    payback: int = 0
    last: date | None = None

    def add(self, logged: Logged) -> None:
        """Count one more activity for this objective."""
        self.activities += 1
        self.effort_minutes += logged.effort_minutes
        self.payback += logged.payback
        if self.last is None or logged.date > self.last:
            self.last = logged.date


@dataclass
class Week:
    """One ISO week of activity."""

    start: date  # its Monday
    activities: int = 0
    effort_minutes: int = 0
    payback: int = 0
    stretches: int = 0
    target: int = 0  # the weekly target in force that week (set by `summarize`)

    def add(self, logged: Logged) -> None:
        """Count one more activity in this week."""
        self.activities += 1
        self.effort_minutes += logged.effort_minutes
        self.payback += logged.payback
        self.stretches += logged.discomfort >= STRETCH

    @property
    def label(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass
class Due:
    """A contact to get back in touch with."""

    contact_id: int
    name: str
    last_contacted: date
    cadence_days: int
    overdue_days: int


@dataclass
class Summary:
    """The motivation pane at a glance."""

    target: int  # this week's
    this_week: int
    streak: int
    weeks: list[Week] = field(default_factory=list)  # the last CHART_WEEKS, oldest first
    stretches: int = 0  # in those weeks
    total_activities: int = 0
    total_effort: int = 0
    total_payback: int = 0


def monday(day: date) -> date:
    """The Monday that starts `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def by_week(history: Iterable[Logged]) -> dict[date, Week]:
    """Activities added up per ISO week, keyed by the week's Monday."""
    weeks: dict[date, Week] = {}
    for logged in history:
        start = monday(logged.date)
        week = weeks.get(start)
        if week is None:
            week = weeks[start] = Week(start)
        week.add(logged)
    return weeks


TargetChanges = Sequence[tuple[date, int]]
"""The weekly target's history: (a Monday, the target in force from that week on), oldest
first. Before its first entry the first entry's target was in force."""


def target_in(week: date, target: int, changes: TargetChanges = ()) -> int:
    """The weekly target in force in the week starting on Monday `week`.

    `target` is the current one: it rules every week when there is no history, and every week
    from the last change on.
    """
    if not changes or week >= changes[-1][0]:
        return target
    in_force = changes[0][1]
    for start, value in changes:
        if start > week:
            break
        in_force = value
    return in_force


def change_target(
    changes: TargetChanges, old: int, new: int, today: date
) -> list[tuple[date, int]]:
    """The history once the target goes from `old` to `new` on `today`.

    The change holds from this week on; the weeks before keep the target they had (the first
    change records `old` as in force before this week). Changing it again in the same week
    replaces that week's entry rather than adding one.
    """
    history = list(changes)
    if new == old:
        return history
    this_week = monday(today)
    kept = [(start, value) for start, value in history if start < this_week]
    if not kept:
        kept = [(this_week - timedelta(weeks=1), old)]
    if kept[-1][1] != new:
        kept.append((this_week, new))
    return kept


def streak(weeks: dict[date, Week], today: date, target: int, changes: TargetChanges = ()) -> int:
    """Consecutive weeks, up to this one, each with at least the target in force that week.

    The current week counts once it meets its target; until then it does not break the streak
    (the week is not over yet), so the streak is counted from last week.
    """

    def met(start: date) -> bool:
        return weeks.get(start, Week(start)).activities >= target_in(start, target, changes)

    current = monday(today)
    count = 1 if met(current) else 0
    start = current - timedelta(weeks=1)
    while met(start):
        count += 1
        start -= timedelta(weeks=1)
    return count


def summarize(
    history: Iterable[Logged], today: date, target: int, changes: TargetChanges = ()
) -> Summary:
    """This week against its target, the streak, the last 12 weeks (each with the target in
    force then), stretches and totals. `target` is the current weekly target and `changes`
    its history (none: every week is judged by `target`)."""
    logged = [entry for entry in history if entry.date <= today]
    weeks = by_week(logged)
    current = monday(today)
    chart = [
        replace(weeks.get(start, Week(start)), target=target_in(start, target, changes))
        for start in (current - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1))
    ]
    return Summary(
        target=target_in(current, target, changes),
        this_week=weeks.get(current, Week(current)).activities,
        streak=streak(weeks, today, target, changes),
        weeks=chart,
        stretches=sum(w.stretches for w in chart),
        total_activities=len(logged),
        total_effort=sum(e.effort_minutes for e in logged),
        total_payback=sum(e.payback for e in logged),
    )


def bars(values: list[int]) -> str:
    """A one-line bar chart of `values` (▁ to █, scaled to the largest; blank for zero)."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    return "".join(BARS[0 if v <= 0 else max(1, round(v / top * 8))] for v in values)


def due_contacts(
    people: Iterable[tuple[int, str, date | None, int | None]],
    today: date,
    serving: set[int] | None = None,
) -> list[Due]:
    """Contacts whose keep-in-touch interval has passed since they were last contacted, most
    overdue first; only those in `serving` (the contacts matching an active objective) when
    given. `people` is (id, name, last_contacted, cadence_days)."""
    due: list[Due] = []
    for contact_id, name, last, cadence in people:
        if last is None or not cadence:
            continue
        if serving is not None and contact_id not in serving:
            continue
        overdue = (today - last).days - cadence
        if overdue > 0:
            due.append(Due(contact_id, name, last, cadence, overdue))
    due.sort(key=lambda d: (-d.overdue_days, d.name.casefold(), d.contact_id))
    return due


def format_minutes(minutes: int) -> str:
    """90 -> "1 h 30 min"; 45 -> "45 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
