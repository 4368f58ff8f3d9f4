"""The motivation pane: what networking has cost and paid back, and why it is worth it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from netgoals.core.models import Objective
from netgoals.core.motivation import ObjectiveEffort, format_minutes


def motivation_content(
    active: list[Objective],
    effort: dict[int, ObjectiveEffort],
    current: Objective | None,
) -> Content:
    """Per active objective: activities and effort logged; then the why of `current`."""
    parts: list[Content | str | tuple[str, str]] = []
    if not active:
        parts.append(("No active objective yet.\n", "bold"))
        parts.append("Press a in the objectives pane to say why you network.")
        return Content.assemble(*parts)
    total = sum(e.activities for e in effort.values())
    parts.append((f"{total} activities logged", "bold"))
    parts.append("  (n to log one)\n\n")
    for objective in active:
        spent = effort.get(objective.id or 0, ObjectiveEffort(objective.id or 0))
        parts.append((objective.title, "bold"))
        parts.append(
            f"\n  {spent.activities} activit{'y' if spent.activities == 1 else 'ies'}, "
            f"{format_minutes(spent.effort_minutes)}, payback {spent.payback}"
        )
        if spent.last:
            parts.append(f", last {spent.last.isoformat()}")
        parts.append("\n")
    if current is not None:
        parts.append(("\nWhy: ", "bold $accent"))
        parts.append((current.title, "bold"))
        parts.append("\n")
        parts.append(current.why or ("(no why written yet: e to add one)", "dim italic"))
        if current.ask:
            parts.append(("\n\nAsk: ", "bold $accent"))
            parts.append(current.ask)
    return Content.assemble(*parts)


class MotivationView(Static, can_focus=True):
    """A read-only view; focusable so that it can be the pane `n` and `a` act on."""
