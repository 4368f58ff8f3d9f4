"""What pays back: effort, payback and payback per hour, by kind of activity and by objective.

Pure arithmetic on activities already read; `today` is always given (from the injected clock).
An activity done for two objectives counts in full for each of them, as in the motivation
pane's per-objective totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from netgoals.core.models import Activity, ActivityKind, Objective
from netgoals.core.motivation import monday

PAYBACK_WEEKS = 12  # the window of the figures, in ISO weeks up to this one (as the chart)
FLAG_WEEKS = 4  # the window in which effort without payback is flagged
# Effort without payback: at least four hours in four weeks (an evening event a week, or more)
# that earned under one point of payback per hour (four evenings that scored under 4 in all,
# less than one good outcome).
FLAG_MIN_MINUTES = 4 * 60
FLAG_MAX_PER_HOUR = 1.0
FLAG_MESSAGE = "effort without payback: rethink where you go"


def per_hour(payback: int, minutes: int) -> float | None:
    """Payback points per hour of effort, to two decimals; None when no time was spent."""
    if minutes <= 0:
        return None
    return round(payback * 60 / minutes, 2)


class Done(NamedTuple):
    """What the payback figures need of one activity (an Activity has the same fields)."""

    date: date
    kind: ActivityKind
    effort_minutes: int
    payback: int
    objective_ids: Sequence[int]


Logged = Done | Activity


@dataclass
class Tally:
    """Activities, minutes and payback added up for one kind or one objective."""

    activities: int = 0
    minutes: int = 0
    payback: int = 0

    def add(self, activity: Logged) -> None:
        """Count one more activity."""
        self.activities += 1
        self.minutes += activity.effort_minutes
        self.payback += activity.payback

    @property
    def per_hour(self) -> float | None:
        return per_hour(self.payback, self.minutes)


@dataclass
class KindPayback(Tally):
    kind: ActivityKind = ActivityKind.OTHER


@dataclass
class ObjectivePayback(Tally):
    objective_id: int = 0
    title: str = ""


@dataclass
class Flagged:
    """An objective that took a lot of effort lately and paid back little."""

    objective_id: int
    title: str
    minutes: int
    payback: int
    per_hour: float | None
    hangouts: list[str]


@dataclass
class Payback:
    """The figures over the last PAYBACK_WEEKS weeks, best payback per hour first."""

    since: date  # the first day counted
    by_kind: list[KindPayback] = field(default_factory=list)
    by_objective: list[ObjectivePayback] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)  # over the last FLAG_WEEKS weeks

    @property
    def is_empty(self) -> bool:
        return not self.by_kind


def window_start(today: date, weeks: int) -> date:
    """The Monday that starts the last `weeks` ISO weeks up to `today`'s."""
    return monday(today) - timedelta(weeks=weeks - 1)


def _best_first(tally: Tally) -> tuple[float, int]:
    # payback per hour first (time spent for nothing last), then the more payback
    return (-(tally.per_hour if tally.per_hour is not None else -1.0), -tally.payback)


def payback(activities: Iterable[Logged], objectives: Iterable[Objective], today: date) -> Payback:
    """Effort and payback by kind and by objective over the last PAYBACK_WEEKS weeks (up to
    `today`), and the active objectives flagged for effort without payback over the last
    FLAG_WEEKS. Activities for an objective not among `objectives` are counted by kind only."""
    since = window_start(today, PAYBACK_WEEKS)
    recent_since = window_start(today, FLAG_WEEKS)
    known = {o.id: o for o in objectives if o.id is not None}
    kinds: dict[ActivityKind, KindPayback] = {}
    by_objective: dict[int, ObjectivePayback] = {}
    recent: dict[int, Tally] = {}
    for activity in activities:
        if not since <= activity.date <= today:
            continue
        kinds.setdefault(activity.kind, KindPayback(kind=activity.kind)).add(activity)
        for objective_id in activity.objective_ids:
            objective = known.get(objective_id)
            if objective is None:
                continue
            by_objective.setdefault(
                objective_id, ObjectivePayback(objective_id=objective_id, title=objective.title)
            ).add(activity)
            if activity.date >= recent_since:
                recent.setdefault(objective_id, Tally()).add(activity)
    flagged = [
        Flagged(
            objective_id=objective_id,
            title=known[objective_id].title,
            minutes=tally.minutes,
            payback=tally.payback,
            per_hour=tally.per_hour,
            hangouts=list(known[objective_id].hangouts),
        )
        for objective_id, tally in recent.items()
        if known[objective_id].is_active and effort_without_payback(tally)
    ]
    flagged.sort(key=lambda f: (-f.minutes, f.title.casefold(), f.objective_id))
    return Payback(
        since=since,
        by_kind=sorted(kinds.values(), key=lambda k: (*_best_first(k), k.kind.value)),
        by_objective=sorted(
            by_objective.values(), key=lambda o: (*_best_first(o), o.title.casefold())
        ),
        flagged=flagged,
    )


def effort_without_payback(tally: Tally) -> bool:
    """Whether `tally` (an objective's last FLAG_WEEKS weeks) is a lot of effort for little."""
    rate = tally.per_hour
    return tally.minutes >= FLAG_MIN_MINUTES and rate is not None and rate < FLAG_MAX_PER_HOUR


def format_rate(rate: float | None) -> str:
    """Payback per hour as shown: "2.5/h", or "—" when no time was logged."""
    if rate is None:
        return "—"
    return f"{rate:.1f}/h"
