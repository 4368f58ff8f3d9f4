"""Payback per hour, by kind and by objective, on hand-built activities (no database)."""

from __future__ import annotations

from datetime import date, timedelta

from netgoals.core.models import Activity, Objective, Status
from netgoals.core.payback import (
    FLAG_MAX_PER_HOUR,
    FLAG_MIN_MINUTES,
    format_rate,
    payback,
    per_hour,
    window_start,
)

WED = date(2026, 11, 25)  # a Wednesday in ISO week 48
JOB = Objective(id=1, title="Job as a trader", hangouts=["CFA society evenings"])
MENTOR = Objective(id=2, title="Find a mentor")
PAUSED = Objective(id=3, title="Speak at a meetup", status=Status.PAUSED)


def act(
    days_ago: int, kind: str, minutes: int, points: int, objectives: tuple[int, ...] = ()
) -> Activity:
    return Activity(
        date=WED - timedelta(days=days_ago),
        kind=kind,
        title=f"{kind} {days_ago}",
        effort_minutes=minutes,
        payback=points,
        objective_ids=list(objectives),
    )


def test_per_hour_is_payback_over_hours_and_none_without_time():
    assert per_hour(3, 30) == 6.0
    assert per_hour(2, 120) == 1.0
    assert per_hour(1, 90) == 0.67
    assert per_hour(4, 0) is None
    assert format_rate(0.666) == "0.7/h" and format_rate(None) == "—"


def test_by_kind_adds_up_and_ranks_best_payback_per_hour_first():
    activities = [
        act(1, "event", 180, 2, (1,)),
        act(8, "event", 120, 1, (1,)),
        act(2, "call", 30, 3, (1,)),
        act(9, "call", 30, 4, (2,)),
        act(3, "message", 0, 1),
    ]
    result = payback(activities, [JOB, MENTOR], WED)
    rows = [(k.kind.value, k.activities, k.minutes, k.payback, k.per_hour) for k in result.by_kind]
    assert rows == [
        ("call", 2, 60, 7, 7.0),
        ("event", 2, 300, 3, 0.6),
        ("message", 1, 0, 1, None),  # time not logged: ranked last, never divided by zero
    ]


def test_by_objective_counts_an_activity_for_each_of_its_objectives():
    activities = [act(1, "meeting", 60, 4, (1, 2)), act(2, "call", 30, 1, (2,))]
    result = payback(activities, [JOB, MENTOR], WED)
    rows = [
        (o.objective_id, o.title, o.activities, o.minutes, o.payback, o.per_hour)
        for o in result.by_objective
    ]
    assert rows == [(1, "Job as a trader", 1, 60, 4, 4.0), (2, "Find a mentor", 2, 90, 5, 3.33)]


def test_only_the_last_twelve_iso_weeks_up_to_today_count():
    first = window_start(WED, 12)
    assert first == date(2026, 9, 7) and first.weekday() == 0
    activities = [
        act((WED - first).days, "call", 60, 5, (1,)),  # the first day counted
        act((WED - first).days + 1, "call", 60, 5, (1,)),  # the Sunday before: too old
        act(-1, "call", 60, 5, (1,)),  # tomorrow: not done yet
    ]
    result = payback(activities, [JOB], WED)
    assert [(k.activities, k.payback) for k in result.by_kind] == [(1, 5)]
    assert result.since == first


def test_activities_for_an_objective_that_is_gone_count_by_kind_only():
    result = payback([act(1, "call", 60, 2, (99,))], [JOB], WED)
    assert [k.activities for k in result.by_kind] == [1]
    assert result.by_objective == []


def test_effort_without_payback_over_four_weeks_is_flagged_with_its_hangouts():
    # four two-hour evenings for the job, one point in all: 8 h at 0.13 per hour
    evenings = [act(7 * n + 1, "event", 120, 1 if n == 0 else 0, (1,)) for n in range(4)]
    calls = [act(2, "call", 30, 4, (2,))]
    result = payback(evenings + calls, [JOB, MENTOR], WED)
    assert [(f.objective_id, f.minutes, f.payback, f.hangouts) for f in result.flagged] == [
        (1, 480, 1, ["CFA society evenings"])
    ]
    assert result.flagged[0].per_hour == 0.12


def test_not_flagged_under_the_effort_threshold_or_at_the_rate_threshold():
    just_under = FLAG_MIN_MINUTES - 1
    little = [act(1, "event", just_under, 0, (1,))]
    assert payback(little, [JOB], WED).flagged == []
    # exactly one point per hour over four hours is enough payback
    at_rate = [act(1, "event", FLAG_MIN_MINUTES, int(FLAG_MAX_PER_HOUR * 4), (1,))]
    assert payback(at_rate, [JOB], WED).flagged == []
    below_rate = [act(1, "event", FLAG_MIN_MINUTES, 3, (1,))]
    assert [f.objective_id for f in payback(below_rate, [JOB], WED).flagged] == [1]


def test_only_the_last_four_weeks_and_active_objectives_are_flagged():
    old = [act(7 * n + 30, "event", 180, 0, (1,)) for n in range(4)]  # five to eight weeks ago
    assert payback(old, [JOB], WED).flagged == []
    paused = [act(1, "event", 300, 0, (3,))]
    assert payback(paused, [PAUSED], WED).flagged == []


def test_nothing_logged_is_empty():
    result = payback([], [JOB], WED)
    assert result.is_empty and result.by_objective == [] and result.flagged == []
