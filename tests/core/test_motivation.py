"""The tracker's arithmetic on hand-built histories, with the day always given."""

from __future__ import annotations

from datetime import date, timedelta

from netgoals.core.motivation import (
    Logged,
    bars,
    by_week,
    change_target,
    due_contacts,
    format_minutes,
    monday,
    streak,
    summarize,
    target_in,
)

WED = date(2026, 11, 25)  # a Wednesday in ISO week 48


def on(day: date, effort: int = 60, discomfort: int = 2, payback: int = 3) -> Logged:
    return Logged(day, effort, discomfort, payback)


def weeks_ago(n: int, weekday: int = 1) -> date:
    return monday(WED) - timedelta(weeks=n) + timedelta(days=weekday)


def test_empty_history():
    summary = summarize([], WED, 2)
    assert summary.this_week == 0 and summary.streak == 0
    assert len(summary.weeks) == 12 and all(w.activities == 0 for w in summary.weeks)
    assert summary.weeks[-1].start == date(2026, 11, 23) and summary.weeks[-1].label == "2026-W48"
    assert summary.stretches == summary.total_effort == 0


def test_streak_counts_back_from_last_week_while_this_week_is_under_way():
    history = [on(weeks_ago(n)) for n in (1, 2, 3) for _ in range(2)]
    assert summarize(history, WED, 2).streak == 3
    history += [on(WED), on(WED)]  # this week met too: it counts
    summary = summarize(history, WED, 2)
    assert summary.streak == 4 and summary.this_week == 2


def test_a_gap_week_ends_the_streak():
    history = [on(weeks_ago(n)) for n in (1, 2, 4, 5) for _ in range(2)]
    assert summarize(history, WED, 2).streak == 2
    assert summarize([on(weeks_ago(2)), on(weeks_ago(2))], WED, 2).streak == 0


def test_streak_across_the_year_boundary():
    today = date(2027, 1, 6)  # ISO 2027-W01; the week before is 2026-W53
    history = [
        on(date(2026, 12, 30)),
        on(date(2027, 1, 1)),  # 2026-W53, Wednesday to Friday
        on(date(2026, 12, 22)),
        on(date(2026, 12, 24)),  # 2026-W52
        on(date(2027, 1, 4)),
    ]  # this week, once
    summary = summarize(history, today, 2)
    assert summary.streak == 2 and summary.this_week == 1
    assert [w.label for w in summary.weeks[-3:]] == ["2026-W52", "2026-W53", "2027-W01"]
    assert by_week(history)[date(2026, 12, 28)].activities == 2


def test_without_a_history_every_week_is_judged_by_the_current_target():
    history = [on(weeks_ago(n)) for n in (1, 2, 3) for _ in range(2)] + [on(weeks_ago(1))]
    assert summarize(history, WED, 2).streak == 3
    assert summarize(history, WED, 3).streak == 1
    assert summarize(history, WED, 1).streak == 3


def test_raising_the_target_this_week_keeps_the_past_weeks_met():
    history = [on(weeks_ago(n)) for n in (1, 2, 3) for _ in range(2)]
    changes = change_target([], 2, 3, WED)  # raised on Wednesday: from this week on
    assert changes == [(monday(WED) - timedelta(weeks=1), 2), (monday(WED), 3)]
    summary = summarize(history, WED, 3, changes)
    assert summary.streak == 3 and summary.target == 3
    assert [w.target for w in summary.weeks] == [2] * 11 + [3]
    # this week is judged by the new target: two are not enough, three are
    assert summarize([*history, on(WED), on(WED)], WED, 3, changes).streak == 3
    assert summarize([*history, on(WED), on(WED), on(WED)], WED, 3, changes).streak == 4
    # next week, the new target holds: two a week no longer extends the streak
    next_wed = WED + timedelta(weeks=1)
    later = [*history, on(WED), on(WED), on(WED), on(next_wed), on(next_wed)]
    assert summarize(later, next_wed, 3, changes).streak == 4


def test_each_week_keeps_the_target_it_had_over_several_changes():
    changes = change_target([], 2, 1, weeks_ago(5))  # lowered to 1 five weeks ago
    changes = change_target(changes, 1, 4, weeks_ago(2))  # raised to 4 two weeks ago
    assert [target_in(monday(weeks_ago(n)), 4, changes) for n in (8, 6, 5, 3, 2, 0)] == [
        2,
        2,
        1,
        1,
        4,
        4,
    ]
    # weeks 6..1 ago: one activity each; only the weeks whose target was 1 are met
    history = [on(weeks_ago(n)) for n in range(1, 7)]
    assert summarize(history, WED, 4, changes).streak == 0
    history += [on(weeks_ago(n)) for n in (1, 2) for _ in range(3)]  # four in each
    assert summarize(history, WED, 4, changes).streak == 5  # weeks 1-5 ago; 6 ago needed 2


def test_changing_the_target_twice_in_a_week_keeps_one_entry():
    changes = change_target([], 2, 3, WED)
    twice = change_target(changes, 3, 5, WED + timedelta(days=2))
    assert twice == [(monday(WED) - timedelta(weeks=1), 2), (monday(WED), 5)]
    # and back to where it was: no change left this week
    assert change_target(changes, 3, 2, WED) == [(monday(WED) - timedelta(weeks=1), 2)]
    assert change_target([], 2, 2, WED) == []  # saving the same target records nothing


def test_totals_stretches_and_the_future_ignored():
    history = [
        on(WED, effort=90, discomfort=4, payback=5),
        on(weeks_ago(1), effort=30, discomfort=5, payback=0),
        on(weeks_ago(20), effort=10, discomfort=5),  # outside the 12 weeks
        on(WED + timedelta(days=3), effort=999),  # logged ahead of time: not yet
    ]
    summary = summarize(history, WED, 2)
    assert summary.total_activities == 3 and summary.total_effort == 130
    assert summary.stretches == 2
    assert summary.weeks[-1].effort_minutes == 90 and summary.weeks[-2].payback == 0


def test_bars_draw_relative_heights():
    assert bars([0, 1, 2, 4, 8]) == " ▁▂▄█"
    assert bars([0, 0]) == "  "
    assert bars([]) == ""
    assert bars([5, 1000])[0] == "▁"  # small but not nothing


def test_due_contacts_most_overdue_first_and_only_serving_ones():
    people = [
        (1, "Ann", WED - timedelta(days=40), 30),  # 10 days late
        (2, "Bob", WED - timedelta(days=100), 60),  # 40 days late
        (3, "Cy", WED - timedelta(days=30), 30),  # exactly due today: not late yet
        (4, "Di", None, 30),  # never contacted: no date to count from
        (5, "Ed", WED - timedelta(days=400), None),  # no interval
        (6, "Flo", WED - timedelta(days=90), 7),  # late, but serves no objective
    ]
    due = due_contacts(people, WED, serving={1, 2, 3, 4, 5})
    assert [(d.name, d.overdue_days) for d in due] == [("Bob", 40), ("Ann", 10)]
    assert [d.name for d in due_contacts(people, WED)] == ["Flo", "Bob", "Ann"]


def test_format_minutes():
    assert [format_minutes(m) for m in (0, 45, 60, 90, 1440)] == [
        "0 min",
        "45 min",
        "1 h",
        "1 h 30 min",
        "24 h",
    ]


def test_streak_helper_alone():
    weeks = by_week([on(weeks_ago(1))])
    assert streak(weeks, WED, 1) == 1 and streak(weeks, WED, 2) == 0
