"""What networking costs and pays back (the motivation tracker), week by week.

Weeks are ISO weeks (Monday to Sunday). Nothing here asks the system for the date: `today` is
always given, from the one injectable clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
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


@dataclass
class Week:
    """One ISO week of activity."""

    start: date  # its Monday
    activities: int = 0
    effort_minutes: int = 0
    payback: int = 0
    stretches: int = 0

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

    target: int
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
        week.activities += 1
        week.effort_minutes += logged.effort_minutes
        week.payback += logged.payback
        week.stretches += logged.discomfort >= STRETCH
    return weeks


def streak(weeks: dict[date, Week], today: date, target: int) -> int:
    """Consecutive weeks, up to this one, with at least `target` activities.

    The current week counts once it meets the target; until then it does not break the streak
    (the week is not over yet), so the streak is counted from last week.
    """
    current = monday(today)
    count = 0
    if weeks.get(current, Week(current)).activities >= target:
        count = 1
    start = current - timedelta(weeks=1)
    while weeks.get(start, Week(start)).activities >= target:
        count += 1
        start -= timedelta(weeks=1)
    return count


def summarize(history: Iterable[Logged], today: date, target: int) -> Summary:
    """This week against the target, the streak, the last 12 weeks, stretches and totals."""
    logged = [entry for entry in history if entry.date <= today]
    weeks = by_week(logged)
    current = monday(today)
    chart = [
        weeks.get(start, Week(start))
        for start in (current - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1))
    ]
    return Summary(
        target=target,
        this_week=weeks.get(current, Week(current)).activities,
        streak=streak(weeks, today, target),
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
