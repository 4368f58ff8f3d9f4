"""The pre-event review screen: read in 30 seconds in a hallway."""

from __future__ import annotations

from textual.content import Content

from netgoals.core.review import Review
from netgoals.tui.dialogs.details import DetailsScreen


def review_content(review: Review) -> Content:
    """The review as styled text: for each objective its ask, why and people; then the gaps."""
    parts: list[Content | str | tuple[str, str]] = []
    if review.is_empty:
        return Content.assemble(
            ("No active objective.\n\n", "bold"),
            "State why you network first: press escape, then a in the objectives pane.",
        )
    for brief in review.objectives:
        objective = brief.objective
        parts.append((f"{objective.title}\n", "bold $accent"))
        ask = objective.ask or "(no ask yet: say in one sentence what you want — e to edit)"
        parts.append(("  “" + ask + "”\n", "bold"))
        if objective.why:
            parts.append(("  why: ", "dim"))
            parts.append(objective.why.replace("\n", " ") + "\n")
        parts.append(("  people to seek:\n", "dim"))
        for person in brief.people:
            about = " · ".join(p for p in (person.role, person.organization) if p)
            parts.append("    ")
            parts.append(("→ way in  " if person.way_in else "• ", "bold $success"))
            parts.append((person.name, "bold"))
            if about:
                parts.append(f"  {about}")
            parts.append("\n")
        parts.append("\n")
    for gap in review.gaps:
        parts.append((f"⚠ GAP: {gap.title}\n", "bold $warning"))
        if gap.ask:
            parts.append(("  “" + gap.ask + "”\n", "bold"))
        parts.append("  nobody you know matches it yet. Go where the right people are:\n")
        for hangout in gap.hangouts or ["(no hangouts yet: add them to the objective)"]:
            parts.append(f"    • {hangout}\n")
        parts.append("\n")
    return Content.assemble(*parts)


def review_screen(review: Review) -> DetailsScreen:
    return DetailsScreen(
        "Before you walk in",
        review_content(review),
        Content.assemble(("escape", "bold"), " close"),
    )
