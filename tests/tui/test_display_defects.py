"""What the screen must show, checked on the drawn text: defects the accepted snapshots in
`__snapshots__/` once held. A check of a defect not yet fixed is marked as an expected failure
naming it, so the suite says what is wrong; once the defect is fixed, the mark goes (strict)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import make_app, screen_text

BARS = "▁▂▃▄▅▆▇█"


def region_lines(app, widget) -> list[str]:
    """The drawn lines of the screen inside `widget`'s region (its border included)."""
    region = widget.region
    lines = screen_text(app).split("\n")[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width] for line in lines]


async def test_at_80x24_the_motivation_figures_stay_on_their_lines(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")  # at 80 columns the motivation pane shows when chosen
        await pilot.pause()
        lines = [line.strip("│ ") for line in region_lines(app, app.query_one("#motivation-text"))]
    (week,) = [line for line in lines if line.startswith("Week")]
    assert "streak 3" in week
    for label in ("effort", "payback"):  # the first of each: the weekly bars
        at = next(n for n, line in enumerate(lines) if line.startswith(label))
        assert any(ch in BARS for ch in lines[at])
        assert not lines[at + 1] or lines[at + 1][0] not in BARS, lines[at : at + 2]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_the_objectives_title_shows_the_gap_count(demo_db: Path, size):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert len(app.matching.gaps) == 1  # the demo has one objective nobody serves yet
        top = region_lines(app, app.query_one("#objectives-pane"))[0]
    assert "1 gap" in top, top


async def test_the_review_separates_a_note_from_what_follows(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
    assert "the way in: Offered to introduce me" in text  # the note is on screen
    assert ".;" not in text
