"""What networking costs and pays back (the motivation tracker)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class ObjectiveEffort:
    """Totals of the activities logged for one objective."""

    objective_id: int
    activities: int = 0
    effort_minutes: int = 0
    payback: int = 0
    last: date | None = None


def format_minutes(minutes: int) -> str:
    """90 -> "1 h 30 min"; 45 -> "45 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
