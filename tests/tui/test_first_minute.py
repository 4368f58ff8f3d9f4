"""What a new user meets in the first minute, through the real app: the review's words, the
key bar, the help, the palette, the first run on an empty database, the serving view."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import make_app, screen_text


async def test_the_review_names_the_objectives_still_without_anyone(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")  # the careers evening: for the trader job only
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
    assert "Still without anyone: Find a mentor in finance (go to: CFA Society UK" in text
    assert "⚠ GAP" not in text  # the event is not for it: named apart, not as its gap
    assert "1 days" not in text and ".;" not in text
