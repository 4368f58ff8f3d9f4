"""The match reports of `netgoals offgoal` and `netgoals matches`, as JSON-ready documents.

Both shapes are stable and documented in the README; add keys, never rename or remove them.
"""

from __future__ import annotations

from typing import Any

from netgoals.core.matching import Reason
from netgoals.storage import Store


def _reason(reason: Reason) -> dict[str, str]:
    return {**reason.as_dict(), "summary": reason.describe()}


def offgoal_document(store: Store) -> dict[str, Any]:
    """The contacts that match no active objective, in name order."""
    matching = store.matching()
    people = store.contact_summaries()
    return {
        "active_objectives": len(matching.objectives),
        "contacts": len(matching.contact_ids),
        "offgoal": [
            {
                "id": contact_id,
                "name": people[contact_id][0],
                "organization": people[contact_id][1],
                "role": people[contact_id][2],
            }
            for contact_id in matching.offgoal
        ],
    }


def matches_document(store: Store) -> dict[str, Any]:
    """Every contact with the active objectives it matches and why; every active objective with
    its count of matching contacts and whether it is a gap."""
    matching = store.matching(detail=True)
    people = store.contact_summaries()
    return {
        "objectives": [
            {
                "id": objective.id,
                "title": objective.title,
                "matches": matching.count(objective.id or 0),
                "gap": not matching.count(objective.id or 0),
                "hangouts": objective.hangouts,
            }
            for objective in matching.objectives
        ],
        "contacts": [
            {
                "id": contact_id,
                "name": people[contact_id][0],
                "organization": people[contact_id][1],
                "offgoal": matching.is_offgoal(contact_id),
                "matches": [
                    {"objective_id": objective_id, "reasons": [_reason(r) for r in reasons]}
                    for objective_id, reasons in matching.matches_of(contact_id).items()
                ],
            }
            for contact_id in matching.contact_ids
        ],
    }
