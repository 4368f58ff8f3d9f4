"""The bodies of the details dialogs: an objective, a contact, an activity, as text.

Pure functions from models (and what the matching says of them) to content; the caller reads
the database and opens the dialog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content

from netgoals.core.matching import FIELD_LABELS, Matching, Reason
from netgoals.core.models import Activity, Contact, Objective
from netgoals.core.motivation import format_minutes
from netgoals.core.words import plural
from netgoals.tui.panes.objectives import GAP_MARK

MEMBERS_SHOWN = 200  # an objective's details list this many of its contacts

Part = Content | str | tuple[str, str]


def _labelled(label: str, value: str) -> list[Part]:
    return [(f"{label:<14}", "dim"), f"{value}\n"]


def contact_body(
    contact: Contact,
    explained: Mapping[int, Sequence[Reason]],
    titles: Mapping[int | None, str],
    *,
    has_active_objective: bool,
) -> Content:
    """One contact: each active objective it serves and why (`explained`: reasons by objective
    id), then what is known of them."""
    parts: list[Part] = []
    if not has_active_objective:
        parts.append(("○ No active objective yet, so nobody serves one.\n\n", "bold $warning"))
    elif not explained:
        parts.append(("○ Off-goal: serves none of your active objectives.\n\n", "bold $warning"))
    else:
        parts.append(("● Serves:\n", "bold $success"))
        for objective_id, reasons in explained.items():
            parts.append(("  " + titles.get(objective_id, "?") + "\n", "bold"))
            for reason in reasons:
                parts.append(f"    – {reason.describe()}\n")
        parts.append("\n")
    for name in ("organization", "role", "email", "phone", "url", "location"):
        value = getattr(contact, name)
        if value:
            parts += _labelled(FIELD_LABELS.get(name, name).capitalize(), value)
    if contact.tags:
        parts += _labelled("Tags", ", ".join(contact.tags))
    if contact.last_contacted:
        every = f" (every {contact.cadence_days} days)" if contact.cadence_days else ""
        parts += _labelled("Last contact", contact.last_contacted.isoformat() + every)
    for name, label in (
        ("how_met", "How you met"),
        ("introduces_to", "Could introduce"),
        ("notes", "Notes"),
    ):
        value = getattr(contact, name)
        if value:
            parts += [(f"\n{label}\n", "dim"), value + "\n"]
    return Content.assemble(*parts)


def objective_body(
    objective: Objective,
    matching: Matching,
    people: Mapping[int, tuple[str, str, str]],
) -> Content:
    """One objective: why, ask, keywords and hangouts, then its matching contacts and why each
    matches (`matching`: of the whole network; `people`: name, organisation and role by id)."""
    parts: list[Part] = [
        (
            f"{objective.purpose.value} · {objective.priority.value} priority · "
            f"{objective.status.value}",
            "dim",
        ),
    ]
    if objective.target_date:
        parts.append((f" · by {objective.target_date.isoformat()}", "dim"))
    parts.append("\n\n")
    for label, text in (("Why", objective.why), ("Ask", objective.ask)):
        parts += [(f"{label}\n", "bold $accent"), (text or "(not written yet)") + "\n\n"]
    parts.append(("Keywords  ", "bold"))
    parts.append((", ".join(objective.keywords) or "(none: add some so contacts match)") + "\n")
    parts.append(("Hangouts\n", "bold"))
    for hangout in objective.hangouts or ["(none yet)"]:
        parts.append(f"  • {hangout}\n")
    parts.append("\n")
    if not objective.is_active:
        parts.append(
            (
                f"This objective is {objective.status.value}: it matches nobody until "
                "it is active again.\n",
                "italic",
            )
        )
        return Content.assemble(*parts)
    members = matching.members.get(objective.id or 0, set())
    if not members:
        parts.append(
            (
                f"{GAP_MARK} GAP: none of your contacts matches this objective. "
                "Go to its hangouts.\n",
                "bold $warning",
            )
        )
        return Content.assemble(*parts)
    ordered = sorted(members, key=lambda c: people[c][0].casefold())
    parts.append((f"{plural(len(members), 'matching contact')}\n", "bold $success"))
    for contact_id in ordered[:MEMBERS_SHOWN]:
        name, organization, _role = people[contact_id]
        reasons = matching.reasons_for(contact_id, objective)
        parts.append(f"  ● {name}")
        if organization:
            parts.append((f"  {organization}", "dim"))
        parts.append(("  " + "; ".join(r.describe() for r in reasons) + "\n", "dim"))
    if len(ordered) > MEMBERS_SHOWN:
        parts.append(f"  … and {len(ordered) - MEMBERS_SHOWN} more (m lists them all)\n")
    return Content.assemble(*parts)


def activity_body(
    activity: Activity, titles: Mapping[int | None, str], with_whom: Sequence[str]
) -> Content:
    """One activity: what it cost and paid back, what it was for (`titles`: objective titles
    by id) and who was there (`with_whom`: their names)."""
    parts: list[Part] = [
        (f"{activity.date.isoformat()} · {activity.kind.value}\n\n", "dim"),
        ("Effort      ", "dim"),
        f"{format_minutes(activity.effort_minutes)}\n",
        ("Discomfort  ", "dim"),
        f"{activity.discomfort} of 5\n",
        ("Payback     ", "dim"),
        f"{activity.payback} of 5\n\n",
        ("For         ", "dim"),
        ", ".join(titles.get(i, "?") for i in activity.objective_ids) or "—",
        "\n",
        ("With        ", "dim"),
        ", ".join(with_whom) or "—",
        "\n",
    ]
    if activity.outcome:
        parts += [("\nOutcome\n", "dim"), activity.outcome]
    return Content.assemble(*parts)
