"""Reading capture lines, and who is due a follow-up after an event, by a given day."""

from __future__ import annotations

from datetime import date

import pytest

from netgoals.core.followups import Captured, Met, due_followups, parse_capture, when_due
from netgoals.core.models import ActivityKind

EVENT, CALL = ActivityKind.EVENT, ActivityKind.CALL


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ada Lee, Trader @ Barclays", Captured("Ada Lee", "Trader", "Barclays")),
        ("Ada Lee,Trader@Barclays", Captured("Ada Lee", "Trader", "Barclays")),
        ("Ada Lee @ Barclays", Captured("Ada Lee", "", "Barclays")),
        ("Ada Lee, Head of FX", Captured("Ada Lee", "Head of FX")),
        ("Bob — met at the bar", Captured("Bob", note="met at the bar")),
        ("Bob—met at the bar", Captured("Bob", note="met at the bar")),
        ("Bob -- met at the bar", Captured("Bob", note="met at the bar")),
        ("Bob - met at the bar", Captured("Bob", note="met at the bar")),
        ("Mary-Jane Smith-Jones - sails", Captured("Mary-Jane Smith-Jones", note="sails")),
        (
            "Ann, CTO @ Monzo — wants an intro, call Friday",
            Captured("Ann", "CTO", "Monzo", "wants an intro, call Friday"),
        ),
        ("  Zoë Ďurová  ", Captured("Zoë Ďurová")),
        ("Eve\x1b[31m — x", Captured("Eve[31m", note="x")),  # control characters go
    ],
)
def test_a_capture_line_is_read_as_people_type_it(line: str, expected: Captured):
    assert parse_capture(line) == expected


@pytest.mark.parametrize("line", ["", "   ", "— a note only", ", Trader @ Barclays", "@ Monzo"])
def test_a_line_without_a_name_is_refused_in_plain_words(line: str):
    with pytest.raises(ValueError, match="no name: write Name, Role @ Organisation"):
        parse_capture(line)


MET_ON = date(2026, 11, 20)  # a Friday


def _met(contact_id: int, name: str, day: date = MET_ON, event_id: int = 1) -> Met:
    return Met(event_id, f"Event {event_id}", day, contact_id, name)


def test_due_two_days_after_the_event_late_only_once_that_has_passed():
    met = [_met(1, "Ada")]
    on_the_night = due_followups(met, {}, MET_ON, 2)
    assert [(f.due_on, f.days_late) for f in on_the_night] == [(date(2026, 11, 22), 0)]
    assert when_due(on_the_night[0], MET_ON) == "due in 2 d"
    due_day = due_followups(met, {}, date(2026, 11, 22), 2)[0]
    assert (due_day.days_late, when_due(due_day, date(2026, 11, 22))) == (0, "due today")
    late = due_followups(met, {}, date(2026, 11, 25), 2)[0]
    assert (late.days_late, when_due(late, date(2026, 11, 25))) == (3, "3 d late")
    # the setting: due the next day
    assert due_followups(met, {}, date(2026, 11, 25), 1)[0].days_late == 4


def test_an_activity_with_them_since_the_event_ends_the_follow_up():
    met = [_met(1, "Ada"), _met(2, "Bob"), _met(3, "Cy"), _met(4, "Di")]
    done = {
        1: [(date(2026, 11, 21), CALL)],  # called the next day: followed up
        2: [(MET_ON, EVENT)],  # the event itself, logged with everyone there: not a follow-up
        3: [(MET_ON, CALL)],  # a message the same evening: followed up
        4: [(date(2026, 11, 1), CALL)],  # before the event: not a follow-up
    }
    assert [f.name for f in due_followups(met, done, date(2026, 11, 25), 2)] == ["Bob", "Di"]


def test_people_who_serve_a_goal_first_then_by_due_date_then_name():
    met = [
        _met(1, "Ann", date(2026, 11, 10), event_id=1),
        _met(2, "bob", date(2026, 11, 20), event_id=2),
        _met(3, "Cy", date(2026, 11, 20), event_id=2),
        _met(4, "Al", date(2026, 11, 20), event_id=2),
    ]
    found = due_followups(met, {}, date(2026, 11, 25), 2, {3: [7], 2: [7, 8]})
    assert [(f.name, f.serves) for f in found] == [
        ("bob", [7, 8]),
        ("Cy", [7]),
        ("Ann", []),  # due earlier than Al
        ("Al", []),
    ]


def test_someone_met_twice_is_followed_up_from_the_latest_event_and_not_before_it():
    met = [
        _met(1, "Ada", date(2026, 11, 10), event_id=1),
        _met(1, "Ada", date(2026, 11, 20), event_id=2),
        _met(2, "Bob", date(2026, 11, 30), event_id=3),  # an event still to come
    ]
    done = {1: [(date(2026, 11, 12), CALL)]}  # followed up after the first: not the second
    (ada,) = due_followups(met, done, date(2026, 11, 25), 2)
    assert (ada.event_id, ada.met_on, ada.days_late) == (2, date(2026, 11, 20), 3)
