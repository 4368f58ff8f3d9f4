"""The matching rules on hand-given index hits: no database needed."""

from __future__ import annotations

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
