"""The motivation tracker in the app: log, edit, delete and undo activities; due follow-ups;
the weekly target."""

from __future__ import annotations

from pathlib import Path

from netgoals.storage import Store
from netgoals.tui.dialogs.form import ModelForm
from netgoals.tui.panes.motivation import ActivityList
from tests.tui.conftest import TODAY, make_app, screen_text
from tests.tui.test_app import type_text


async def test_log_tonights_event_with_the_keyboard(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Week 0/2" in screen_text(app)
        await pilot.press("1", "n")  # from the objectives pane: no contact chosen yet
        await type_text(pilot, "Careers evening")
        await pilot.press("tab", "tab", "tab")  # date (today), kind (event) -> objectives
        # the objective under the cursor is chosen already; choose two people by typing
        await pilot.press("tab")
        assert app.focused.id == "picker-search"
        await type_text(pilot, "priya")
        await pilot.press("enter")
        await type_text(pilot, "chlo")
        await pilot.press("enter", "tab")
        await type_text(pilot, "120")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
        text = screen_text(app)
        assert "Week 1/2" in text and "Careers evening" in text
    with Store.open(demo_db) as store:
        logged = next(a for a in store.activities() if a.title == "Careers evening")
        names = {store.contact(c).name for c in logged.contact_ids}
        assert names == {"Priya Raman", "Chloé Martin"}
        assert logged.effort_minutes == 120 and logged.kind.value == "event"
        assert [store.objective(o).title for o in logged.objective_ids] == [
            "Job as a trader in a bank"
        ]
        assert store.contact(logged.contact_ids[0]).last_contacted.isoformat() == "2026-11-25"


async def test_edit_delete_and_undo_an_activity(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "tab")
        activities = app.query_one(ActivityList)
        assert app.focused is activities
        first = activities.current
        await pilot.press("e")
        assert isinstance(app.screen, ModelForm)
        await pilot.press("end")
        await type_text(pilot, " (again)")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert activities.current.title == first.title + " (again)"
        await pilot.press("d", "y")
        await pilot.pause()
        with Store.open(demo_db) as store:
            assert store.activity(first.id) is None
        await pilot.press("u")
        await pilot.pause()
        with Store.open(demo_db) as store:
            assert store.activity(first.id).title == first.title + " (again)"


def _due_by_hand(path: Path) -> tuple[list[int], set[int]]:
    """The contacts due a follow-up, worked out here from the stored dates: matching an
    objective, last contacted longer ago than their interval, most overdue first; and the
    overdue contacts left out because they match nothing."""
    with Store.open(path) as store:
        matched = store.matching().matched
        late = []
        for contact in store.contacts():
            if contact.last_contacted is None or not contact.cadence_days:
                continue
            overdue = (TODAY - contact.last_contacted).days - contact.cadence_days
            if overdue > 0:
                late.append((-overdue, contact.name.casefold(), contact.id))
    late.sort()
    return [i for _, _, i in late if i in matched], {i for _, _, i in late if i not in matched}


async def test_f_lists_due_follow_ups_most_overdue_first(demo_db: Path):
    expected, left_out = _due_by_hand(demo_db)
    assert len(expected) >= 2  # an order to check
    with Store.open(demo_db) as store:
        ids = {c.name: c.id for c in store.contacts()}
    # first the people met at an event (the demo's two: Kenji serves a goal, Kemi does not)
    met = [ids["Kenji Watanabe"], ids["Kemi Oduya"]]
    expected = met + [i for i in expected if i not in met]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        assert [r.id for r in app.contact_list.rows] == expected
        assert not left_out & {r.id for r in app.contact_list.rows}
        assert "due a follow-up" in screen_text(app)
        await pilot.press("f")
        assert len(app.contact_list.rows) == 121


async def test_the_weekly_target_is_a_setting(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, ModelForm)
        await pilot.press("end", "backspace", "0", "ctrl+s")
        await pilot.pause()
        assert "must be at least 1" in screen_text(app)
        await pilot.press("backspace", "3", "ctrl+s")
        await pilot.pause()
        assert "Week 0/3" in screen_text(app)
    with Store.open(demo_db) as store:
        assert store.settings().weekly_target == 3


def _marks(text: str) -> str:
    """The ✓/·/… marks of the motivation pane's target line."""
    line = next(line for line in text.splitlines() if "target  " in line)
    return "".join(c for c in line.split("target  ", 1)[1] if c in "✓·…")


async def test_raising_the_target_keeps_the_weeks_already_met(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = screen_text(app)
        assert "Week 0/2  streak 3" in before
        marks = _marks(before)
        assert marks.count("✓") >= 3 and marks.endswith("…")
        await pilot.press("s", "end", "backspace", "3", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
        after = screen_text(app)
        assert "Week 0/3  streak 3" in after  # this week asks for 3; the past keeps its 2
        assert _marks(after) == marks
    with Store.open(demo_db) as store:
        assert store.settings().weekly_target == 3
        assert [target for _, target in store.weekly_target_changes()] == [2, 3]
