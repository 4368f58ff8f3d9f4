"""Which contacts serve which objectives, which serve none, and why (docs/matching.md).

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
from datetime import date

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


# Where a keyword occurs in one contact: (field, text it matched) pairs, in the order of
# MATCHED_FIELDS; empty when only the contact is known, not the field.
Places = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class KeywordHit:
    """A keyword the index found in a contact's field (`field` and `text` are optional detail)."""

    contact_id: int
    keyword: str
    field: str = ""
    text: str = ""


@dataclass
class Matching:
    """The result of matching every contact against every active objective.

    Membership is kept as sets (fast at tens of thousands of contacts); the reasons of one
    contact are assembled when asked for.
    """

    objectives: list[Objective]  # the active objectives, in priority order
    contact_ids: list[int]
    # False when only some contacts were matched (a first page): counts and gaps are unknown
    complete: bool = True
    # objective id -> ids of the contacts that match it
    members: dict[int, set[int]] = field(default_factory=dict)
    # objective id -> contacts kept out of it by an `excluded` link
    excluded: dict[int, set[int]] = field(default_factory=dict)
    matched: set[int] = field(default_factory=set)
    # what the reasons are assembled from
    _links: dict[tuple[int, int], Link] = field(default_factory=dict, repr=False)
    _hits: dict[str, set[int]] = field(default_factory=dict, repr=False)
    # folded keyword -> contact -> where it occurs there (for matchings made with detail)
    _places: dict[str, dict[int, Places]] = field(default_factory=dict, repr=False)

    @property
    def has_active_objective(self) -> bool:
        return bool(self.objectives)

    @property
    def offgoal(self) -> list[int]:
        """Contacts that match no active objective, in the order of `contact_ids`."""
        matched = self.matched
        return [c for c in self.contact_ids if c not in matched]

    @property
    def offgoal_set(self) -> set[int]:
        return set(self.contact_ids) - self.matched

    def is_offgoal(self, contact_id: int) -> bool:
        return contact_id not in self.matched

    @property
    def gaps(self) -> list[Objective]:
        """Active objectives that no contact matches, in priority order (none are known
        unless the matching is `complete`)."""
        if not self.complete:
            return []
        return [o for o in self.objectives if not self.members.get(o.id or 0)]

    def serving(self) -> dict[int, list[str]]:
        """Each contact that serves an active objective, with the titles of those it serves
        (in priority order)."""
        found: dict[int, list[str]] = {}
        for objective in self.objectives:
            for contact_id in self.members.get(objective.id or 0, ()):
                found.setdefault(contact_id, []).append(objective.title)
        return found

    def count(self, objective_id: int) -> int:
        return len(self.members.get(objective_id, ()))

    def link(self, contact_id: int, objective_id: int) -> Link | None:
        return self._links.get((contact_id, objective_id))

    def links_of(self, objective_id: int) -> dict[int, Link]:
        """Contact id -> its link to `objective_id`, of every contact linked to it (excluded
        ones too)."""
        return {c: link for (c, o), link in self._links.items() if o == objective_id}

    def keyword_places(self, keyword: str) -> dict[int, Places]:
        """Every contact `keyword` occurs in -> where it occurs there (empty when the matching
        was made without detail). Shared, not copied: do not change it."""
        folded = keyword.lower()
        found = self._hits.get(folded, set())
        places = self._places.get(folded, {})
        if len(places) == len(found):  # every contact found has its places (or none has)
            return places if places else dict.fromkeys(found, ())
        return {contact_id: places.get(contact_id, ()) for contact_id in found}

    def matches_of(self, contact_id: int) -> dict[int, list[Reason]]:
        """Objective id -> reasons (links first, then keywords), for one contact; empty when
        the contact is off-goal."""
        if contact_id not in self.matched:
            return {}
        return {
            objective.id or 0: self.reasons_for(contact_id, objective)
            for objective in self.objectives
            if contact_id in self.members.get(objective.id or 0, ())
        }

    def reasons_for(self, contact_id: int, objective: Objective) -> list[Reason]:
        """Why `contact_id` matches `objective` (empty if it does not)."""
        oid = objective.id or 0
        if contact_id not in self.members.get(oid, ()):
            return []
        reasons: list[Reason] = []
        link = self._links.get((contact_id, oid))
        if link is not None and link.relation is not Relation.EXCLUDED:
            reasons.append(Reason("link", relation=link.relation, note=link.note))
        for keyword in objective.keywords:
            folded = keyword.lower()
            if contact_id not in self._hits.get(folded, ()):
                continue
            places = self._places.get(folded, {}).get(contact_id)
            if places:
                reasons += [
                    Reason("keyword", keyword=keyword, field=name, text=text)
                    for name, text in places
                ]
            else:
                reasons.append(Reason("keyword", keyword=keyword))
        return reasons

    def with_contacts(
        self,
        partial: Matching,
        *,
        removed: Collection[int] = (),
        contact_ids: list[int] | None = None,
        in_place: bool = False,
    ) -> Matching:
        """This matching with some contacts matched again: what `match` gives for the whole
        network after those contacts changed, at the cost of the few that changed.

        `partial` matches just the changed (or added) contacts, against the same objectives
        (as `Store.matching(only=...)` gives it); `removed`: contacts that are gone.
        `contact_ids`: every contact id in display order after the change, when known (else
        the order is kept, added contacts last). This matching is left as it was (sets that
        do not change are shared with it), unless `in_place`: then it is changed and returned,
        which spares copying the sets of tens of thousands of members a contact is in.
        """
        if [o.id for o in partial.objectives] != [o.id for o in self.objectives]:
            raise ValueError("with_contacts: the partial matching is of other objectives")
        changed = set(partial.contact_ids) | set(removed)
        if contact_ids is None:
            gone = set(removed)
            kept = [c for c in self.contact_ids if c not in gone]
            known = set(kept)
            contact_ids = kept + [c for c in partial.contact_ids if c not in known]

        def patched(old: set[int], new: set[int]) -> set[int]:
            if old.isdisjoint(changed) and not new:
                return old  # untouched: shared, never mutated unless in place
            out = old if in_place else old.copy()
            out.difference_update(changed)
            out.update(new)
            return out

        result = self if in_place else Matching(self.objectives, [], complete=self.complete)
        result.contact_ids = list(contact_ids)
        for oid in self.members.keys() | partial.members.keys():
            result.members[oid] = patched(
                self.members.get(oid, set()), partial.members.get(oid, set())
            )
        for oid in self.excluded.keys() | partial.excluded.keys():
            result.excluded[oid] = patched(
                self.excluded.get(oid, set()), partial.excluded.get(oid, set())
            )
        result.matched = patched(self.matched, partial.matched)
        for keyword in self._hits.keys() | partial._hits.keys():
            result._hits[keyword] = patched(
                self._hits.get(keyword, set()), partial._hits.get(keyword, set())
            )
        for keyword in self._places.keys() | partial._places.keys():
            detail = {
                c: places for c, places in self._places.get(keyword, {}).items() if c not in changed
            }
            detail.update(partial._places.get(keyword, {}))
            if detail:
                result._places[keyword] = detail
            else:
                result._places.pop(keyword, None)
        result._links = {key: link for key, link in self._links.items() if key[0] not in changed}
        result._links.update(partial._links)
        return result


def by_priority(objectives: Iterable[Objective]) -> list[Objective]:
    """High before medium before low; then the sooner target date; then title."""
    return sorted(
        objectives,
        key=lambda o: (o.priority.rank, o.target_date or date.max, o.title.casefold(), o.id or 0),
    )


def active_keywords(objectives: Iterable[Objective]) -> list[str]:
    """Every distinct keyword of the active objectives, to look up once each.

    Keywords differing only in case are one look-up. `str.lower` rather than `casefold`: the
    index folds case as `lower` does, and would tell "Straße" from "STRASSE" where `casefold`
    would not."""
    seen: dict[str, str] = {}
    for objective in objectives:
        if objective.is_active:
            for keyword in objective.keywords:
                seen.setdefault(keyword.lower(), keyword)
    return list(seen.values())


def match(
    objectives: Iterable[Objective],
    contact_ids: Iterable[int],
    links: Iterable[Link],
    keyword_hits: Mapping[str, Collection[int] | Iterable[KeywordHit] | Mapping[int, Places]],
    *,
    complete: bool = True,
) -> Matching:
    """Apply the matching rules.

    `keyword_hits` maps each keyword (as returned by `active_keywords`, compared ignoring case)
    to the ids (a subset of `contact_ids`) of the contacts whose searched fields contain it, as
    a set (handed over: the matching keeps it as its own, so the caller must not change it
    afterwards), or to `KeywordHit`s carrying the field and text as well, or to a mapping of each of
    those ids to its `Places` (the cheapest way to give the detail). `complete`: whether
    `contact_ids` is every contact (False for a first page).
    """
    active = by_priority(o for o in objectives if o.is_active)
    result = Matching(objectives=active, contact_ids=list(contact_ids), complete=complete)
    for keyword, found in keyword_hits.items():
        folded = keyword.lower()
        if isinstance(found, set):
            result._hits[folded] = found  # the fast path: handed over, neither copied nor walked
            continue
        if isinstance(found, frozenset):
            result._hits[folded] = set(found)
            continue
        if isinstance(found, Mapping):
            result._hits[folded] = set(found)
            result._places[folded] = dict(found)
            continue
        ids: set[int] = set()
        detail: dict[int, list[tuple[str, str]]] = {}
        for hit in found:
            if isinstance(hit, KeywordHit):
                ids.add(hit.contact_id)
                detail.setdefault(hit.contact_id, []).append((hit.field, hit.text))
            else:
                ids.add(hit)
        result._hits[folded] = ids
        if detail:
            result._places[folded] = {c: tuple(places) for c, places in detail.items()}

    linked: dict[int, list[Link]] = {}
    for link in links:
        linked.setdefault(link.objective_id, []).append(link)
        result._links[(link.contact_id, link.objective_id)] = link
    known = set(result.contact_ids) if linked else set()

    # Keyword hits are ids from `contact_ids` by contract (checking 40 large sets again would
    # cost more than the rest of matching); links are checked one by one, as they are few.
    hits = result._hits
    used: dict[str, set[int]] = {}  # every keyword set of an active objective, once each
    linked_in: set[int] = set()  # contacts that a link makes members of an objective
    excluded_anywhere: set[int] = set()
    for objective in active:
        oid = objective.id or 0
        found_sets: dict[str, set[int]] = {}
        for keyword in objective.keywords:
            folded = keyword.lower()
            if folded in hits:
                found_sets[folded] = hits[folded]
        used.update(found_sets)
        members = _union(list(found_sets.values()))
        excluded: set[int] = set()
        for link in linked.get(oid, ()):
            if link.relation is Relation.EXCLUDED:
                excluded.add(link.contact_id)
            elif link.contact_id in known:
                members.add(link.contact_id)
                linked_in.add(link.contact_id)
        members -= excluded
        excluded_anywhere |= excluded
        result.members[oid] = members
        result.excluded[oid] = excluded
    # Every contact found by a keyword or a link of an active objective is matched, unless
    # an exclusion took it out of each objective it was found for. The union of the distinct
    # keyword sets is a fraction of the work of the union of every objective's members.
    matched = _union([*used.values(), linked_in])
    for contact_id in excluded_anywhere & matched:
        if not any(contact_id in members for members in result.members.values()):
            matched.discard(contact_id)
    result.matched = matched
    return result


def _union(sets: list[set[int]]) -> set[int]:
    """A new set of everything in `sets`: the largest copied whole (no hashing), the others
    added to it."""
    if not sets:
        return set()
    sets.sort(key=len, reverse=True)
    union = sets[0].copy()
    union.update(*sets[1:])
    return union
