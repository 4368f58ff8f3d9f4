"""The matching rules on hand-given index hits: no database needed."""

from __future__ import annotations

import random

import pytest

from netgoals.core.matching import (
    KeywordHit,
    Reason,
    active_keywords,
    by_priority,
    match,
)
from netgoals.core.models import Link, Objective, Relation

JOB = Objective(id=1, title="Trader job", keywords=["trader", "bank"], priority="high")
MENTOR = Objective(id=2, title="Mentor", keywords=["portfolio manager"], priority="medium")
PAUSED = Objective(id=3, title="Profile", keywords=["meetup"], status="paused")


def test_keywords_and_links_both_match_and_carry_reasons():
    result = match(
        [JOB, MENTOR],
        [10, 11, 12, 13],
        [Link(contact_id=12, objective_id=1, relation="introduces", note="neighbour")],
        {"trader": [10], "bank": [10, 11]},
    )
    assert result.matches_of(10) == {
        1: [Reason("keyword", keyword="trader"), Reason("keyword", keyword="bank")]
    }
    assert result.matches_of(12) == {
        1: [Reason("link", relation=Relation.INTRODUCES, note="neighbour")]
    }
    assert result.offgoal == [13]
    assert [o.title for o in result.gaps] == ["Mentor"]
    assert result.count(1) == 3 and result.count(2) == 0


def test_an_excluded_link_overrides_keywords_and_other_links():
    result = match(
        [JOB],
        [10, 11],
        [Link(contact_id=10, objective_id=1, relation="excluded")],
        {"trader": [10, 11]},
    )
    assert result.is_offgoal(10) and not result.is_offgoal(11)
    assert result.excluded[1] == {10}


def test_exclusion_is_per_objective():
    job = JOB.model_copy(update={"keywords": ["bank"]})
    other = Objective(id=4, title="Sales", keywords=["bank"])
    result = match(
        [job, other],
        [10],
        [Link(contact_id=10, objective_id=1, relation="excluded")],
        {"bank": [10]},
    )
    assert list(result.matches_of(10)) == [4]


def test_only_active_objectives_count():
    for status in ("paused", "achieved", "dropped"):
        objective = JOB.model_copy(update={"status": status})
        result = match([objective], [10], [Link(contact_id=10, objective_id=1)], {"trader": [10]})
        assert result.offgoal == [10] and not result.has_active_objective
        assert result.gaps == []


def test_with_no_objective_everyone_is_offgoal():
    result = match([], [3, 1, 2], [], {})
    assert result.offgoal == [3, 1, 2] and not result.has_active_objective


def test_keywords_compare_ignoring_case_and_are_looked_up_once():
    a = Objective(id=1, title="A", keywords=["Bank", "trader"])
    b = Objective(id=2, title="B", keywords=["bank"])
    assert active_keywords([a, b, PAUSED]) == ["Bank", "trader"]
    result = match([a, b], [10], [], {"Bank": [10]})
    assert set(result.matches_of(10)) == {1, 2}
    assert result.matches_of(10)[2] == [Reason("keyword", keyword="bank")]


def test_hits_with_detail_keep_field_and_text():
    result = match(
        [JOB],
        [10],
        [],
        {
            "bank": [
                KeywordHit(10, "bank", "organization", "Bank"),
                KeywordHit(10, "bank", "notes", "banks"),
            ]
        },
    )
    reasons = result.matches_of(10)[1]
    assert [r.describe() for r in reasons] == [
        'keyword "bank" in organisation: "Bank"',
        'keyword "bank" in notes: "banks"',
    ]
    assert reasons[0].as_dict() == {
        "type": "keyword",
        "keyword": "bank",
        "field": "organization",
        "text": "Bank",
    }


def test_links_to_unknown_contacts_are_ignored():
    result = match([JOB], [10], [Link(contact_id=99, objective_id=1)], {"ghost": [98]})
    assert result.matched == set() and result.offgoal == [10]


def test_priority_order():
    low = Objective(id=5, title="a low", priority="low")
    high_late = Objective(id=6, title="z high", priority="high", target_date="2027-01-01")
    high_soon = Objective(id=7, title="y high", priority="high", target_date="2026-06-01")
    high_none = Objective(id=8, title="b high", priority="high")
    assert [o.id for o in by_priority([low, high_none, high_late, high_soon])] == [7, 6, 8, 5]


def test_reason_descriptions():
    assert Reason("link", relation=Relation.HELPS).describe() == "linked: helps"
    assert (
        Reason("link", relation=Relation.INTRODUCES, note="knows the desk").describe()
        == "linked: introduces you (knows the desk)"
    )
    assert Reason("keyword", keyword="bank").describe() == 'keyword "bank"'


def test_hits_given_as_places_per_contact_keep_field_and_text():
    places = {10: (("organization", "Bank"), ("notes", "banks")), 11: ()}
    result = match([JOB], [10, 11, 12], [], {"Bank": places})
    assert result.matches_of(10)[1] == [
        Reason("keyword", keyword="bank", field="organization", text="Bank"),
        Reason("keyword", keyword="bank", field="notes", text="banks"),
    ]
    assert result.matches_of(11)[1] == [Reason("keyword", keyword="bank")]
    assert result.offgoal == [12]
    assert result.keyword_places("BANK") == places
    # hits given without places: every contact found, none with a place
    plain = match([JOB], [10, 11], [], {"bank": {10, 11}, "trader": [KeywordHit(10, "trader")]})
    assert plain.keyword_places("bank") == {10: (), 11: ()}
    assert plain.keyword_places("trader") == {10: (("", ""),)}
    assert plain.keyword_places("nothing") == {}


def test_links_of_an_objective():
    links = [
        Link(contact_id=10, objective_id=1, relation="helps"),
        Link(contact_id=11, objective_id=1, relation="excluded"),
        Link(contact_id=10, objective_id=2),
    ]
    result = match([JOB, MENTOR], [10, 11], links, {})
    assert result.links_of(1) == {10: links[0], 11: links[1]}
    assert result.links_of(3) == {}


def _network(rng: random.Random, contact_ids: list[int]) -> tuple[list[Link], dict[str, set[int]]]:
    """Random links and keyword hits for `contact_ids`."""
    relations = ["helps", "introduces", "excluded"]
    links = [
        Link(contact_id=c, objective_id=rng.choice([1, 2, 3]), relation=rng.choice(relations))
        for c in rng.sample(contact_ids, len(contact_ids) // 4)
    ]
    keywords = ["trader", "bank", "portfolio manager", "meetup"]
    hits = {k: {c for c in contact_ids if rng.random() < 0.2} for k in keywords}
    return links, hits


def _only(links: list[Link], hits: dict[str, set[int]], ids: set[int]):
    return [x for x in links if x.contact_id in ids], {k: v & ids for k, v in hits.items()}


@pytest.mark.parametrize("in_place", [False, True])
def test_matching_some_contacts_again_equals_matching_everyone_again(in_place: bool):
    rng = random.Random(3)
    objectives = [JOB, MENTOR, PAUSED]
    for _ in range(200):
        before_ids = list(range(1, 41))
        before = match(objectives, before_ids, *_network(rng, before_ids))
        removed = set(rng.sample(before_ids, rng.randint(0, 3)))
        added = list(range(41, 41 + rng.randint(0, 3)))
        after_ids = [c for c in before_ids if c not in removed] + added
        rng.shuffle(after_ids)  # a renamed contact moves in name order
        links, hits = _network(rng, after_ids)
        changed = set(rng.sample(after_ids, rng.randint(0, 4))) | set(added)
        # what did not change is as it was before
        kept = set(after_ids) - changed
        old_links, old_hits = _only(list(before._links.values()), before._hits, kept)
        new_links, new_hits = _only(links, hits, changed)
        links = old_links + new_links
        hits = {k: old_hits[k] | new_hits[k] for k in hits}
        whole = match(objectives, after_ids, links, hits)
        partial = match(objectives, sorted(changed), new_links, new_hits, complete=False)
        patched = before.with_contacts(
            partial, removed=removed, contact_ids=after_ids, in_place=in_place
        )
        assert patched == whole
        assert (patched is before) is in_place
        assert patched.gaps == whole.gaps and patched.offgoal == whole.offgoal
        assert all(patched.count(o.id) == whole.count(o.id) for o in whole.objectives)


def test_matching_again_leaves_the_old_matching_as_it_was():
    before = match([JOB], [10, 11], [], {"trader": {10}, "bank": set()})
    copy = match([JOB], [10, 11], [], {"trader": {10}, "bank": set()})
    partial = match([JOB], [11], [], {"trader": {11}, "bank": set()}, complete=False)
    after = before.with_contacts(partial, removed=[10])
    assert before == copy
    assert after.members[1] == {11} and after.contact_ids == [11] and after.complete
    added = before.with_contacts(match([JOB], [12], [], {"bank": {12}}, complete=False))
    assert added.contact_ids == [10, 11, 12] and added.members[1] == {10, 12}


def test_matching_again_refuses_a_partial_matching_of_other_objectives():
    before = match([JOB], [10], [], {"trader": {10}})
    with pytest.raises(ValueError):
        before.with_contacts(match([MENTOR], [10], [], {}, complete=False))


def test_keyword_detail_of_contacts_matched_again_is_theirs_alone():
    hits = {"trader": [KeywordHit(10, "trader", "role", "Trader")]}
    before = match([JOB], [10, 11], [], hits)
    partial = match([JOB], [10], [], {"trader": set(), "bank": set()}, complete=False)
    for in_place in (False, True):
        after = before.with_contacts(partial, in_place=in_place)
        assert after.keyword_places("trader") == {}
        assert after.is_offgoal(10)


def _members_by_the_rules(
    objective: Objective, contact_ids: list[int], links: list[Link], hits: dict[str, set[int]]
) -> set[int]:
    """An objective's members as the rules say it, contact by contact, with no shortcut."""
    folded = {k.lower(): v for k, v in hits.items()}
    members = set()
    for contact in contact_ids:
        relations = {
            x.relation for x in links if x.contact_id == contact and x.objective_id == objective.id
        }
        if Relation.EXCLUDED in relations:
            continue
        if relations or any(contact in folded.get(k.lower(), ()) for k in objective.keywords):
            members.add(contact)
    return members


def test_members_and_matched_follow_the_rules_contact_by_contact():
    """Objectives sharing keywords, links and exclusions in every combination: each
    objective's members, the matched and the off-goal are those the rules give one contact at
    a time (matching unites whole sets of ids, and takes an exclusion out afterwards)."""
    rng = random.Random(7)
    words = ["trader", "Bank", "portfolio manager", "meetup", "fintech"]
    relations = ["helps", "introduces", "excluded"]
    for _ in range(300):
        objectives = [
            Objective(
                id=oid,
                title=f"Goal {oid}",
                keywords=rng.sample(words, rng.randint(0, 3)),
                status=rng.choice(["active", "active", "paused"]),
            )
            for oid in (1, 2, 3, 4)
        ]
        contact_ids = list(range(1, rng.randint(1, 30)))
        hits = {w: {c for c in contact_ids if rng.random() < 0.3} for w in words}
        pairs = {(rng.randint(1, 35), rng.randint(1, 4)) for _ in range(rng.randint(0, 25))}
        links = [
            Link(contact_id=c, objective_id=o, relation=rng.choice(relations)) for c, o in pairs
        ]
        expected = {
            o.id: _members_by_the_rules(o, contact_ids, links, hits)
            for o in objectives
            if o.is_active
        }
        result = match(objectives, contact_ids, links, {k.upper(): set(v) for k, v in hits.items()})
        assert result.members == expected
        assert result.matched == set().union(*expected.values())
        assert result.offgoal == [c for c in contact_ids if c not in result.matched]
