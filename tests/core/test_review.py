"""The pre-event review on hand-built data."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from netgoals.core.errors import NetgoalsError
from netgoals.core.matching import match
from netgoals.core.models import Event, Link, Objective
from netgoals.core.motivation import Due, summarize
from netgoals.core.review import build_review, choose_event, upcoming
from netgoals.core.text import name_key, name_keys

TODAY = date(2026, 11, 25)
JOB = Objective(id=1, title="Trader job", keywords=["bank"], priority="medium", ask="Desk?")
MENTOR = Objective(
    id=2, title="Mentor", keywords=["portfolio manager"], priority="high", hangouts=["CFA evenings"]
)
SALES = Objective(id=3, title="Sales leads", keywords=["retail"], priority="low")
PEOPLE = {
    10: ("Zed", "Big Bank", "Clerk"),
    11: ("Amy", "Small Bank", "Trader"),
    12: ("Bea", "", "Neighbour"),
    13: ("Cal", "Shop", "Retail manager"),
    14: ("Dee", "", "Friend"),
}
HITS = {"bank": {10, 11}, "retail": {13}}
LINKS = [Link(contact_id=12, objective_id=1, relation="introduces", note="knows a desk head")]
SUMMARY = summarize([], TODAY, 2)


def review(
    event: Event | None,
    due: list[Due] | None = None,
    *,
    objectives: tuple[Objective, ...] = (JOB, MENTOR, SALES),
    people: dict[int, tuple[str, str, str]] = PEOPLE,
    links: list[Link] = LINKS,
    hits: dict[str, set[int]] = HITS,
    **given,
):
    """The review of `people` (the sample network unless given); `given`: build_review's
    other arguments."""
    matching = match(objectives, list(people), links, hits)
    return build_review(matching, people, event=event, due=due or [], summary=SUMMARY, **given)


def test_without_an_event_every_active_objective_in_priority_order():
    result = review(None)
    assert [b.objective.title for b in result.objectives] == ["Trader job", "Sales leads"]
    assert [g.title for g in result.gaps] == ["Mentor"]  # high priority, but nobody matches
    # ways in first, then by name
    assert [p.name for p in result.objectives[0].people] == ["Bea", "Amy", "Zed"]
    assert result.objectives[0].people[0].way_in
    assert "Streak: 0 weeks" in result.reminder


def test_expected_attendees_come_first_and_others_are_listed_apart():
    event = Event(
        id=5, name="Evening", starts_at="2026-12-03T18:30", objective_ids=[1], contact_ids=[10, 14]
    )
    result = review(event, due=[Due(11, "Amy", TODAY, 30, 9)])
    (brief,) = result.objectives
    assert [p.name for p in brief.people] == ["Zed", "Bea", "Amy"]
    assert brief.people[0].attending and not brief.people[1].attending
    assert brief.people[2].due_days == 9
    assert result.gaps == []  # the event is not for the mentor objective
    assert result.also_attending == [(14, "Dee")]


def test_an_event_for_a_gap_only():
    event = Event(id=6, name="CFA night", starts_at="2026-12-01", objective_ids=[2])
    result = review(event)
    assert result.objectives == [] and [g.title for g in result.gaps] == ["Mentor"]
    assert not result.is_empty


def test_an_event_naming_no_objective_covers_all_active_ones():
    event = Event(id=7, name="Drinks", starts_at="2026-12-01")
    assert len(review(event).objectives) == 2


def test_limit_and_more():
    (job, _sales) = review(None, limit=1).objectives
    assert len(job.people) == 1 and job.more == 2


def test_no_active_objective():
    matching = match([JOB.model_copy(update={"status": "paused"})], [10], [], {})
    result = build_review(matching, PEOPLE, event=None, due=[], summary=SUMMARY)
    assert result.is_empty and not result.has_active_objective


EVENTS = [
    Event(id=1, name="Past fair", starts_at="2026-11-20"),
    Event(id=2, name="Careers Evening", starts_at=datetime(2026, 12, 3, 18, 30)),
    Event(id=3, name="Careers Breakfast", starts_at="2026-11-25"),
    Event(id=4, name="Markets club", starts_at="2026-12-24T07:30"),
]


def test_choosing_the_event():
    assert [e.id for e in upcoming(EVENTS, TODAY)] == [3, 2, 4]
    assert choose_event(EVENTS, None, TODAY).id == 3  # today counts as upcoming
    assert choose_event(EVENTS, "4", TODAY).id == 4
    assert choose_event(EVENTS, "MARKETS", TODAY).id == 4
    assert choose_event(EVENTS, "careers evening", TODAY).id == 2
    assert choose_event(EVENTS, "past", TODAY).id == 1
    assert choose_event([], None, TODAY) is None
    with pytest.raises(NetgoalsError, match="could be several events"):
        choose_event(EVENTS, "careers", TODAY)
    with pytest.raises(NetgoalsError, match="no event is called 'gala'"):
        choose_event(EVENTS, "gala", TODAY)


def test_an_event_for_one_objective_still_names_the_active_objectives_with_nobody():
    event = Event(id=5, name="Evening", starts_at="2026-12-03T18:30", objective_ids=[1])
    result = review(event)
    assert result.gaps == []  # the event is not for the mentor objective
    assert [o.title for o in result.still_without] == ["Mentor"]
    assert result.still_without[0].hangouts == ["CFA evenings"]
    # without an event every active objective is targeted: its gaps are not named twice
    assert review(None).still_without == []


def test_a_name_that_matches_no_event_lists_the_upcoming_ones():
    with pytest.raises(NetgoalsError) as raised:
        choose_event(EVENTS, "gala", TODAY)
    message = str(raised.value)
    assert message.startswith("no event is called 'gala'; coming up: ")
    for name in ("Careers Breakfast (3, 2026-11-25)", "Careers Evening (2", "Markets club (4"):
        assert name in message
    assert "Past fair" not in message  # only what is still to come
    with pytest.raises(NetgoalsError, match="none is coming up"):
        choose_event(EVENTS[:1], "gala", TODAY)


def test_counts_in_the_reminder_are_in_the_right_number():
    assert "Last 4 weeks: 0 activities" in review(None).reminder
    assert "Streak: 0 weeks" in review(None).reminder


# Names whose order differs between the list's order (the case of ASCII letters ignored, as
# the database sorts) and a full case-folding one: É (U+00C9) sorts before é (U+00E9).
ACCENTED = {
    30: ("élodie", "Bank A", ""),
    31: ("Éric", "Bank B", ""),
    32: ("bob", "Bank C", ""),
    33: ("Anna", "Bank D", ""),
    34: ("anna", "Bank E", ""),
}


def accented_review(**given):
    return review(
        None, objectives=(JOB,), people=ACCENTED, links=[], hits={"bank": set(ACCENTED)}, **given
    )


def test_people_are_listed_in_the_contacts_lists_order():
    by_list = sorted(ACCENTED, key=lambda c: (name_key(ACCENTED[c][0]), c))
    assert [ACCENTED[c][0] for c in by_list] == ["Anna", "anna", "bob", "Éric", "élodie"]
    for given in ({}, {"names": {c: found[0] for c, found in ACCENTED.items()}}):
        (brief,) = accented_review(**given).objectives
        assert [p.contact_id for p in brief.people] == by_list


def test_the_list_order_given_is_taken_as_it_is_and_only_as_far_as_needed():
    walked: list[int] = []

    def by_name():
        for contact_id in [33, 34, 32, 31, 30]:
            walked.append(contact_id)
            yield contact_id

    (brief,) = accented_review(by_name=by_name, limit=2).objectives
    assert [p.name for p in brief.people] == ["Anna", "anna"]
    assert brief.more == 3
    assert walked == [33, 34]  # the rest of a large network is never walked
    # the same people as ranked from the names alone
    (ranked,) = accented_review(limit=2).objectives
    assert ranked.people == brief.people


def test_a_whole_networks_name_keys_are_each_names_key():
    names = ["Éric", "élodie", "anna", "Anna", "", "bad \udcff byte", "ZED"]
    assert list(name_keys(names)) == [name_key(name) for name in names]
    assert sorted(names, key=name_key)[:3] == ["", "anna", "Anna"]
