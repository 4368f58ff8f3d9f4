"""The pre-event review: the asks, the people to seek, the gaps — computed once, shown twice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from netgoals.core.matching import Matching, Reason
from netgoals.core.models import Objective, Relation


@dataclass(frozen=True)
class PersonToSeek:
    contact_id: int
    name: str
    organization: str
    role: str
    way_in: bool  # linked as "introduces": the way in to the people who can help
    reasons: tuple[Reason, ...]


@dataclass
class ObjectiveBrief:
    objective: Objective
    people: list[PersonToSeek] = field(default_factory=list)


@dataclass
class Review:
    objectives: list[ObjectiveBrief]  # active objectives nobody is missing from, priority order
    gaps: list[Objective]  # active objectives nobody matches, with their hangouts

    @property
    def is_empty(self) -> bool:
        return not self.objectives and not self.gaps


def build_review(
    matching: Matching, people: Mapping[int, tuple[str, str, str]], *, limit: int = 50
) -> Review:
    """The review over every active objective: for each, in priority order, the people who
    match it (the ways in first, then by name), at most `limit` of them; then the gaps.

    `people` maps contact id -> (name, organization, role).
    """
    briefs: list[ObjectiveBrief] = []
    for objective in matching.objectives:
        oid = objective.id or 0
        members = matching.members.get(oid, set())
        if not members:
            continue

        def order(contact_id: int, oid: int = oid) -> tuple[bool, str, int]:
            link = matching.link(contact_id, oid)
            way_in = link is not None and link.relation is Relation.INTRODUCES
            return (not way_in, people.get(contact_id, ("",))[0].casefold(), contact_id)

        found: list[PersonToSeek] = []
        for contact_id in sorted(members, key=order)[:limit]:
            reasons = tuple(matching.reasons_for(contact_id, objective))
            name, organization, role = people.get(contact_id, ("?", "", ""))
            way_in = any(r.relation is Relation.INTRODUCES for r in reasons)
            found.append(PersonToSeek(contact_id, name, organization, role, way_in, reasons))
        briefs.append(ObjectiveBrief(objective, found))
    return Review(briefs, matching.gaps)
