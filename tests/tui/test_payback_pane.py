"""What pays back, in the motivation pane of the real app."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from netgoals.core.models import Activity, Objective
from netgoals.storage import Store
from netgoals.tui.dialogs.form import ModelForm
from tests.tui.conftest import TODAY, make_app, screen_text
from tests.tui.test_app import type_text
from tests.tui.test_forms import tab_to


def prepare(path: Path) -> None:
    with Store.open(path) as store:
        job = store.save_objective(Objective(title="Trader job", hangouts=["CFA evenings"]))
        for n in range(2):  # two evenings of 1 h 30, no payback at all
            store.save_activity(
                Activity(
                    date=TODAY - timedelta(days=7 * n + 1),
                    kind="event",
                    title=f"Evening {n}",
                    effort_minutes=90,
                    objective_ids=[job.id],
                )
            )


async def test_the_pane_shows_payback_per_hour_and_flags_effort_without_payback(
    empty_db: Path,
):
    prepare(empty_db)
    app = make_app(empty_db)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "12 wk: 0.0/h · payback 0" in text
        assert "Pays back, 12 weeks" in text
        assert "event    0.0/h · 3 h" in text
        # 3 hours in four weeks: under the effort threshold, not flagged yet
        assert "effort without payback" not in text

        # one more evening logged with the keyboard tips it over: 4 h 30 for nothing
        await pilot.press("1", "n")
        await type_text(pilot, "Fourth evening")
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        await type_text(pilot, "1h30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
        text = screen_text(app)
        assert "⚠ effort without payback:" in text and "rethink where you go" in text
        assert "event    0.0/h · 4 h 30 min" in text

        # a call that pays back is ranked above the evenings
        await pilot.press("n")
        await type_text(pilot, "Call with Ann")
        await tab_to(pilot, app, "field-kind")
        await pilot.press("enter", "down", "down", "enter")  # event, meeting, call
        await tab_to(pilot, app, "field-effort_minutes")
        await type_text(pilot, "30")
        await tab_to(pilot, app, "field-payback")
        await pilot.press("enter", *["down"] * 4, "enter")  # 0 … 4
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
    with Store.open(empty_db) as store:
        kinds = sorted((a.kind.value, a.effort_minutes, a.payback) for a in store.activities())
    assert ("call", 30, 4) in kinds, kinds
    assert text.index("call     8.0/h · 30 min") < text.index("event    0.0/h")
