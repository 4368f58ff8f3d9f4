"""The match reports of `netgoals offgoal` and `netgoals matches`, as JSON-ready documents.

Both shapes are stable and documented in the README; add keys, never rename or remove them.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import repeat
from json.encoder import encode_basestring
from typing import Any

from netgoals.core.matching import Matching, Places, Reason
from netgoals.core.models import Relation
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
        "objectives": _objectives(matching),
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


# --- `netgoals matches`, streamed a few hundred contacts at a time ------------------------------

# What one contact's match of one objective is made of, and all that its reasons depend on: the
# contact's link to the objective (relation and note) or None, then for each of the objective's
# keywords the places it occurs in the contact, or None. Hundreds of thousands of matches share a
# few thousand of these, so each is written once.
_MatchKey = tuple[Any, ...]

_CHUNK = 500  # contacts put together at a time: large writes, memory that does not grow
_KEPT = 20_000  # written matches kept for reuse; beyond, forgotten (text unique to contacts)


@dataclass(frozen=True)
class _Plan:
    """One active objective, and what its matches are looked up in."""

    id: int
    title: str
    keywords: list[str]
    members: set[int]
    links: dict[int, tuple[Relation, str]]  # contact -> (relation, note): helps, introduces
    places: list[dict[int, Places]]  # for each keyword: contact -> where it occurs


def _plans(matching: Matching) -> list[_Plan]:
    plans = []
    for objective in matching.objectives:
        oid = objective.id or 0
        members = matching.members.get(oid, set())
        links = {
            contact_id: (link.relation, link.note)
            for contact_id, link in matching.links_of(oid).items()
            if link.relation is not Relation.EXCLUDED and contact_id in members
        }
        plans.append(
            _Plan(
                oid,
                objective.title,
                list(objective.keywords),
                members,
                links,
                [matching.keyword_places(keyword) for keyword in objective.keywords],
            )
        )
    return plans


def _objectives(matching: Matching) -> list[dict[str, Any]]:
    return [
        {
            "id": objective.id,
            "title": objective.title,
            "matches": matching.count(objective.id or 0),
            "gap": not matching.count(objective.id or 0),
            "hangouts": objective.hangouts,
        }
        for objective in matching.objectives
    ]


def _reasons(plan: _Plan, key: _MatchKey) -> list[Reason]:
    """The reasons `Matching.reasons_for` gives a contact whose match of `plan` is `key`."""
    link, *found = key
    reasons = []
    if link is not None:
        reasons.append(Reason("link", relation=link[0], note=link[1]))
    for keyword, places in zip(plan.keywords, found, strict=True):
        if places is None:
            continue
        if not places:  # found, but where is not known
            reasons.append(Reason("keyword", keyword=keyword))
            continue
        reasons += [
            Reason("keyword", keyword=keyword, field=name, text=text) for name, text in places
        ]
    return reasons


class _Written(dict[_MatchKey, str]):
    """The text of each distinct match of one plan, written when first asked for."""

    def __init__(self, plan: _Plan, write: Callable[[_Plan, list[Reason]], str]) -> None:
        super().__init__()
        self.plan, self.write = plan, write

    def __missing__(self, key: _MatchKey) -> str:
        text = self[key] = self.write(self.plan, _reasons(self.plan, key))
        return text


def _matched(
    matching: Matching, write: Callable[[_Plan, list[Reason]], str]
) -> Iterator[list[tuple[int, list[str]]]]:
    """Every contact, in name order, a chunk at a time, with the text `write` makes of each of
    its matches (in priority order): `matching.matches_of` it, each distinct match written once
    and the same string given again wherever it recurs."""
    plans = _plans(matching)
    written = [_Written(plan, write) for plan in plans]
    ids = matching.contact_ids
    # Hundreds of thousands of matches: each chunk's matches of a plan go through one C loop
    # (map, zip; deque(maxlen=0) runs it through), Python only runs once per distinct match.
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        matches: dict[int, list[str]] = {contact_id: [] for contact_id in chunk}
        chunk_set = set(chunk)  # a set, not the dict: intersecting sets is the fastest
        for plan, texts in zip(plans, written, strict=True):
            inside = list(plan.members.intersection(chunk_set))  # any order: placed by id
            if not inside:
                continue
            if sum(map(len, written)) >= _KEPT:  # text unique to contacts: memory stays bounded
                for each in written:
                    each.clear()
            # links are few: looked up only in a chunk that holds one
            linked = not chunk_set.isdisjoint(plan.links)
            keys = zip(
                map(plan.links.get, inside) if linked else repeat(None, len(inside)),
                *(map(places.get, inside) for places in plan.places),
                strict=True,
            )
            found = map(texts.__getitem__, keys)
            deque(map(list.append, map(matches.__getitem__, inside), found), maxlen=0)
        yield list(matches.items())


def _json(value: object, level: int) -> str:
    """`value` as `json.dumps(..., indent=2)` writes it at `level` inside a larger document."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


# a string as json.dumps(..., ensure_ascii=False) writes it: the encoder's own C function
_string = encode_basestring


def matches_json(store: Store) -> Iterator[list[str]]:
    """The text of `json.dumps(matches_document(store), ensure_ascii=False, indent=2)`, as lists
    of parts, a few hundred contacts at a time: the same bytes in a fraction of the time and
    memory. A part that recurs (a match that many contacts share) is the same string each time,
    so that whoever prints the parts can treat each distinct one once."""
    matching = store.report_matching()
    people = store.report_people()
    yield ['{\n  "objectives": ' + _json(_objectives(matching), 1) + ',\n  "contacts": [']
    said: dict[Reason, str] = {}  # a reason's JSON: the same reasons recur across matches

    def write(plan: _Plan, reasons: list[Reason]) -> str:
        if len(said) >= _KEPT:
            said.clear()
        parts = [f',\n        {{\n          "objective_id": {plan.id},\n          "reasons": [']
        for number, reason in enumerate(reasons):
            text = said.get(reason)
            if text is None:
                text = said[reason] = _json(_reason(reason), 6)
            parts.append((",\n            " if number else "\n            ") + text)
        parts.append("\n          ]" if reasons else "]")
        parts.append("\n        }")
        return "".join(parts)

    firsts: dict[str, str] = {}  # a match written first in its contact: without the comma
    matched = matching.matched
    pad = "\n" + "  " * 3
    opening = "\n    {"
    for chunk in _matched(matching, write):
        parts: list[str] = []
        for contact_id, matches in chunk:
            name, organization = people[contact_id]
            parts.append(
                f'{opening}{pad}"id": {contact_id},{pad}"name": {_string(name)},'
                f'{pad}"organization": {_string(organization)},'
                f'{pad}"offgoal": {"false" if contact_id in matched else "true"},{pad}"matches": ['
            )
            opening = ",\n    {"
            if matches:
                first = firsts.get(matches[0])
                if first is None:
                    if len(firsts) >= _KEPT:
                        firsts.clear()
                    first = firsts[matches[0]] = matches[0][1:]
                parts.append(first)
                parts += matches[1:]
                parts.append(pad + "]\n    }")
            else:
                parts.append("]\n    }")
        yield parts
    yield ["]\n}" if opening == "\n    {" else "\n  ]\n}"]


def matches_text(store: Store) -> tuple[list[dict[str, Any]], int, Iterator[list[str]]]:
    """`netgoals matches` as text: the active objectives as `matches_document` lists them, how
    many contacts match none, and each contact that matches one, with its matches and why (one
    line each), as lists of parts a few hundred contacts at a time. A part that recurs is the
    same string each time."""
    matching = store.report_matching()
    people = store.report_people()

    def write(plan: _Plan, reasons: list[Reason]) -> str:
        return f"\n  → {plan.title}: " + "; ".join(reason.describe() for reason in reasons)

    def contacts() -> Iterator[list[str]]:
        for chunk in _matched(matching, write):
            parts: list[str] = []
            for contact_id, matches in chunk:
                if not matches:
                    continue
                name, organization = people[contact_id]
                where = f" ({organization})" if organization else ""
                parts.append(f"\n{name}{where}  #{contact_id}")
                parts += matches
                parts.append("\n")
            yield parts

    return _objectives(matching), len(matching.offgoal), contacts()
