"""The match reports of `netgoals offgoal` and `netgoals matches`, as JSON-ready documents.

Both shapes are stable and documented in the README; add keys, never rename or remove them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from netgoals.core.matching import Matching, Reason
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


# --- `netgoals matches`, streamed contact by contact --------------------------------------------


class Said:
    """One reason of the matches report, with its JSON text and summary made once: the same
    reason (a keyword found in the same words, a link's note) recurs across many contacts."""

    __slots__ = ("_json", "_summary", "reason")

    def __init__(self, reason: Reason) -> None:
        self.reason = reason
        self._json = ""
        self._summary = ""

    @property
    def summary(self) -> str:
        if not self._summary:
            self._summary = self.reason.describe()
        return self._summary

    def json(self, level: int) -> str:
        """The reason as `matches_document` holds it, as JSON at `level` of the document."""
        if not self._json:
            self._json = _json(_reason(self.reason), level)
        return self._json


@dataclass(frozen=True)
class ContactMatches:
    """One contact of the matches report and the active objectives it matches, with why."""

    id: int
    name: str
    organization: str
    offgoal: bool
    matches: list[tuple[int, list[Said]]]  # (objective id, reasons), in priority order


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


def _contacts(store: Store, matching: Matching) -> Iterator[ContactMatches]:
    """Each contact with `matching.matches_of` it (the same reasons, in the same order), each
    distinct reason made once. At most `_KEPT` distinct reasons are kept at a time."""
    people = store.contact_summaries()
    said: dict[tuple[Any, ...], Said] = {}

    def once(key: tuple[Any, ...], make: Callable[[], Reason]) -> Said:
        found = said.get(key)
        if found is None:
            if len(said) >= _KEPT:
                said.clear()  # text unique to each contact: memory stays bounded
            found = said[key] = Said(make())
        return found

    plan = [
        (
            objective.id or 0,
            matching.members.get(objective.id or 0, set()),
            [(keyword, *matching.keyword_found(keyword)) for keyword in objective.keywords],
        )
        for objective in matching.objectives
    ]
    for contact_id in matching.contact_ids:
        name, organization, _ = people[contact_id]
        matches: list[tuple[int, list[Said]]] = []
        for objective_id, members, keywords in plan:
            if contact_id not in members:
                continue
            reasons: list[Said] = []
            link = matching.link(contact_id, objective_id)
            if link is not None and link.relation is not Relation.EXCLUDED:
                reasons.append(
                    once(
                        ("link", link.relation, link.note),
                        lambda link=link: Reason("link", relation=link.relation, note=link.note),
                    )
                )
            for keyword, found, detail in keywords:
                if contact_id not in found:
                    continue
                hits = detail.get(contact_id)
                if not hits:
                    reasons.append(
                        once(("keyword", keyword), lambda k=keyword: Reason("keyword", keyword=k))
                    )
                    continue
                for hit in hits:
                    reasons.append(
                        once(
                            ("keyword", keyword, hit.field, hit.text),
                            lambda k=keyword, h=hit: Reason(
                                "keyword", keyword=k, field=h.field, text=h.text
                            ),
                        )
                    )
            matches.append((objective_id, reasons))
        yield ContactMatches(
            contact_id, name, organization, contact_id not in matching.matched, matches
        )


_KEPT = 100_000


def matches_report(store: Store) -> tuple[list[dict[str, Any]], Iterator[ContactMatches]]:
    """The active objectives as `matches_document` lists them, and every contact with its
    matches (the same as there), produced one at a time in name order, never all at once."""
    matching = store.report_matching()
    return _objectives(matching), _contacts(store, matching)


def _json(value: object, level: int) -> str:
    """`value` as `json.dumps(..., indent=2)` writes it at `level` inside a larger document."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def matches_json(store: Store) -> Iterator[str]:
    """The text of `json.dumps(matches_document(store), ensure_ascii=False, indent=2)`, piece by
    piece, contact by contact: the same bytes in a fraction of the time and memory."""
    objectives, contacts = matches_report(store)
    yield '{\n  "objectives": ' + _json(objectives, 1) + ',\n  "contacts": ['
    pad = "\n" + "  " * 3
    first = True
    for contact in contacts:
        parts = [
            "\n    {" if first else ",\n    {",
            f'{pad}"id": {contact.id},',
            f'{pad}"name": {_json(contact.name, 0)},',
            f'{pad}"organization": {_json(contact.organization, 0)},',
            f'{pad}"offgoal": {"true" if contact.offgoal else "false"},',
            f'{pad}"matches": [',
        ]
        first = False
        for index, (objective_id, reasons) in enumerate(contact.matches):
            parts.append(",\n        {" if index else "\n        {")
            parts.append(f'\n          "objective_id": {objective_id},\n          "reasons": [')
            for number, reason in enumerate(reasons):
                parts.append((",\n            " if number else "\n            ") + reason.json(6))
            parts.append("\n          ]" if reasons else "]")
            parts.append("\n        }")
        parts.append(pad + "]" if contact.matches else "]")
        parts.append("\n    }")
        yield "".join(parts)
    yield "\n  ]\n}" if not first else "]\n}"
