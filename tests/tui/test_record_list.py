"""The objectives list (a record list): only what is on screen is drawn, the cursor keeps its
record across reloads and stays in view, long titles wrap, a click chooses."""

from __future__ import annotations

from pathlib import Path

from netgoals.core.clock import fixed_clock
from netgoals.core.models import Objective
from netgoals.storage import Store
from netgoals.tui.dialogs.details import DetailsScreen
from tests.tui.conftest import NOW, make_app, screen_text

LONG = "Meet the people who decide which graduates a trading floor takes on each spring"


def many_objectives(path: Path, count: int = 30) -> Path:
    with Store.open(path, clock=fixed_clock(NOW)) as store:
        for number in range(1, count + 1):
            title = LONG if number == 7 else f"Objective {number:02d}"
            store.save_objective(Objective(title=title, keywords=[f"word{number}"]))
    return path


def visible_lines(app) -> list[str]:
    records = app.objective_list
    return [records.render_line(y).text.rstrip() for y in range(records.size.height)]


async def test_the_cursor_stays_in_view_and_on_its_record(tmp_path: Path):
    app = make_app(many_objectives(tmp_path / "n.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        records = app.objective_list
        titles = [o.title for o in records.records]
        first_line = visible_lines(app)[0].strip()
        assert titles[0] == LONG  # the top record: its title's start is drawn on the top line
        assert len(first_line) > 20 and LONG.startswith(first_line)
        assert titles[-1] not in screen_text(app)
        await pilot.press("G")
        assert records.current.title == titles[-1]
        assert any(titles[-1] in line for line in visible_lines(app))  # scrolled to it
        await pilot.press("pageup")
        moved_to = records.highlighted
        assert 0 < moved_to < len(titles) - 5  # a page of records, not one
        await pilot.press("k", "k")
        assert records.highlighted == moved_to - 2
        # a reload (here: an objective added) keeps the cursor on the same record
        kept = records.current.id
        app.store.save_objective(Objective(title="Aardvark first", keywords=["x"]))
        app.reload(contacts=False)
        await pilot.pause()
        assert records.current.id == kept
        start, end = records._span(records.highlighted)
        top = records.scroll_offset.y
        assert top <= start and end <= top + records.size.height  # still in view


async def test_long_titles_wrap_and_a_click_opens_the_record(tmp_path: Path):
    app = make_app(many_objectives(tmp_path / "n.db", count=8))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        records = app.objective_list
        index = next(i for i, o in enumerate(records.records) if o.title == LONG)
        start, end = records._span(index)
        assert end - start >= 4  # the title wrapped on to several lines, then its count
        shown = " ".join(line.strip() for line in visible_lines(app)[start:end])
        assert shown.startswith(LONG + " ⚠ GAP")
        await pilot.click(records, offset=(2, start - records.scroll_offset.y + 1))
        await pilot.pause()
        assert records.highlighted == index
        assert isinstance(app.screen, DetailsScreen)


async def test_the_same_records_shown_again_are_redrawn_when_only_a_style_changed(
    tmp_path: Path,
):
    """Showing the same lines again keeps what was drawn; a line whose words are the same
    but whose style is not (Content compares its words alone) is drawn anew."""
    from textual.content import Content

    app = make_app(many_objectives(tmp_path / "n.db", count=3))
    async with app.run_test(size=(120, 40)) as pilot:
        records = app.objective_list
        shown = list(records.records)
        records.line = lambda o: Content.assemble((o.title, "bold"))
        records.show(shown, shown[1].id)  # not the cursor's line: only its style differs
        await pilot.pause()
        before = records.render_line(0)
        records.show(shown, shown[1].id)  # the very same lines: nothing to draw again
        assert records.render_line(0) is before
        records.line = lambda o: Content.assemble((o.title, "italic"))
        records.show(shown, shown[1].id)
        await pilot.pause()
        after = records.render_line(0)
        assert after.text == before.text
        assert after is not before and list(after) != list(before)
