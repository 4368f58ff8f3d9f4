"""What networking costs and pays back (the motivation tracker)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from netgoals.core.models import Activity


@dataclass
class ObjectiveEffort:
    """Totals of the activities logged for one objective."""

    objective_id: int
    activities: int = 0
    effort_minutes: int = 0
    payback: int = 0
    last: date | None = None


def effort_by_objective(activities: Iterable[Activity]) -> dict[int, ObjectiveEffort]:
    """Objective id -> the count, effort, payback and last date of its activities."""
    totals: dict[int, ObjectiveEffort] = {}
    for activity in activities:
        for objective_id in activity.objective_ids:
            entry = totals.setdefault(objective_id, ObjectiveEffort(objective_id))
            entry.activities += 1
            entry.effort_minutes += activity.effort_minutes
            entry.payback += activity.payback
            if entry.last is None or activity.date > entry.last:
                entry.last = activity.date
    return totals


def format_minutes(minutes: int) -> str:
    """90 -> "1 h 30 min"; 45 -> "45 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
