"""Which contacts serve which objectives, which serve none, and why (DESIGN.md §3).

A contact matches an objective when a `helps` or `introduces` link joins them, or when one of
the objective's keywords occurs in one of the contact's searched fields, and no `excluded` link
joins them. Only active objectives count. A contact that matches no active objective is
off-goal; an active objective that no contact matches is a gap.

Finding where a keyword occurs (case-folded, accents removed, whole words, Porter stems, phrase
order) is the job of the full-text index in `netgoals.storage`; this module applies the rules to
what the index found, so the rules live in one place and need no database to test.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from netgoals.core.models import Link, Objective, Relation

# The contact fields keywords are looked for in. Names, emails, phones and URLs are never
# matched: a contact called "Tyra Banks" is not a banker.
MATCHED_FIELDS = ("organization", "role", "tags", "how_met", "notes", "introduces_to", "location")

FIELD_LABELS = {
    "organization": "organisation",
    "role": "role",
    "tags": "tags",
    "how_met": "how met",
    "notes": "notes",
    "introduces_to": "introduces to",
    "location": "location",
}


@dataclass(frozen=True)
class Reason:
    """Why a contact matches an objective: a link, or a keyword found in a field."""

    kind: str  # "link" | "keyword"
    relation: Relation | None = None  # for a link: helps or introduces
    note: str = ""  # for a link: its note
    keyword: str = ""  # for a keyword
    field: str = ""  # for a keyword, when known: the contact field it occurs in
    text: str = ""  # for a keyword, when known: the words of that field it matched

    def describe(self) -> str:
        """One line for people, e.g. `keyword "bank" in organisation: "Northgate Bank"`."""
        if self.kind == "link":
            assert self.relation is not None
            words = (
                "linked: introduces you"
                if self.relation is Relation.INTRODUCES
                else ("linked: helps")
            )
            return f"{words} ({self.note})" if self.note else words
        where = f" in {FIELD_LABELS.get(self.field, self.field)}" if self.field else ""
        found = f': "{self.text}"' if self.text else ""
        return f'keyword "{self.keyword}"{where}{found}'

    def as_dict(self) -> dict[str, str]:
        """The stable JSON shape of a reason (documented in the README)."""
        if self.kind == "link":
            return {"type": "link", "relation": str(self.relation), "note": self.note}
        return {"type": "keyword", "keyword": self.keyword, "field": self.field, "text": self.text}


@dataclass(frozen=True)
class KeywordHit:
    """A keyword the index found in a contact's field (`field` and `text` are optional detail)."""

    contact_id: int
    keyword: str
    field: str = ""
    text: str = ""


@dataclass
class Matching:
    """The result of matching every contact against every active objective."""

    objectives: list[Objective]  # the active objectives, in priority order
    contact_ids: list[int]
    # contact id -> objective id -> reasons (links first, then keywords in objective order)
    reasons: dict[int, dict[int, list[Reason]]] = field(default_factory=dict)
    # objective id -> ids of the contacts that match it
    members: dict[int, set[int]] = field(default_factory=dict)
    # objective id -> contacts kept out of it by an `excluded` link
    excluded: dict[int, set[int]] = field(default_factory=dict)

    @property
    def has_active_objective(self) -> bool:
        return bool(self.objectives)

    @property
    def offgoal(self) -> list[int]:
        """Contacts that match no active objective, in the order of `contact_ids`."""
        return [c for c in self.contact_ids if c not in self.reasons]

    @property
    def offgoal_set(self) -> set[int]:
        return set(self.contact_ids).difference(self.reasons)

    def is_offgoal(self, contact_id: int) -> bool:
        return contact_id not in self.reasons

    @property
    def gaps(self) -> list[Objective]:
        """Active objectives that no contact matches, in priority order."""
        return [o for o in self.objectives if not self.members.get(o.id or 0)]

    def matches_of(self, contact_id: int) -> dict[int, list[Reason]]:
        """Objective id -> reasons, for one contact (empty when off-goal)."""
        return self.reasons.get(contact_id, {})

    def count(self, objective_id: int) -> int:
        return len(self.members.get(objective_id, ()))


def by_priority(objectives: Iterable[Objective]) -> list[Objective]:
    """High before medium before low; then the sooner target date; then title."""
    return sorted(
        objectives,
        key=lambda o: (
            o.priority.rank,
            o.target_date is None,
            o.target_date or 0,
            o.title.casefold(),
            o.id or 0,
        ),
    )


def active_keywords(objectives: Iterable[Objective]) -> list[str]:
    """Every distinct keyword of the active objectives (ignoring case), to look up once each."""
    seen: dict[str, str] = {}
    for objective in objectives:
        if objective.is_active:
            for keyword in objective.keywords:
                seen.setdefault(keyword.casefold(), keyword)
    return list(seen.values())


def match(
    objectives: Iterable[Objective],
    contact_ids: Iterable[int],
    links: Iterable[Link],
    keyword_hits: Mapping[str, Collection[int] | Iterable[KeywordHit]],
) -> Matching:
    """Apply the matching rules.

    `keyword_hits` maps each keyword (as returned by `active_keywords`, compared ignoring case)
    to the ids of the contacts whose searched fields contain it, or to `KeywordHit`s carrying
    the field and text as well.
    """
    active = by_priority(o for o in objectives if o.is_active)
    result = Matching(objectives=active, contact_ids=list(contact_ids))
    known = set(result.contact_ids)
    hits = {keyword.casefold(): found for keyword, found in keyword_hits.items()}

    linked: dict[int, list[Link]] = {}
    for link in links:
        linked.setdefault(link.objective_id, []).append(link)

    for objective in active:
        oid = objective.id or 0
        reasons: dict[int, list[Reason]] = {}
        excluded: set[int] = set()
        for link in linked.get(oid, ()):
            if link.relation is Relation.EXCLUDED:
                excluded.add(link.contact_id)
            elif link.contact_id in known:
                reasons.setdefault(link.contact_id, []).append(
                    Reason("link", relation=link.relation, note=link.note)
                )
        for keyword in objective.keywords:
            for hit in hits.get(keyword.casefold(), ()):
                if isinstance(hit, KeywordHit):
                    contact_id, reason = (
                        hit.contact_id,
                        Reason("keyword", keyword=keyword, field=hit.field, text=hit.text),
                    )
                else:
                    contact_id, reason = hit, Reason("keyword", keyword=keyword)
                if contact_id in known:
                    found = reasons.setdefault(contact_id, [])
                    if reason not in found:
                        found.append(reason)
        for contact_id in excluded:
            reasons.pop(contact_id, None)
        result.excluded[oid] = excluded
        result.members[oid] = set(reasons)
        for contact_id, why in reasons.items():
            result.reasons.setdefault(contact_id, {})[oid] = why
    return result
