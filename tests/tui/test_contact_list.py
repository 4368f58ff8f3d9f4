"""The contacts list's drawing: rows drawn once are drawn again from what was kept, until
the rows, the width or the styles change; its scrollbar is drawn again only when its thumb
moves on screen, and always shows where the list is."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.geometry import Region

from netgoals.core.clock import fixed_clock
from netgoals.storage import Store
from netgoals.tui.app import NetgoalsApp
from tests.tui.conftest import NOW, make_app

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import build


def styles_of(strip) -> list[object]:
    return [segment.style for segment in strip]


async def test_rows_drawn_are_kept_until_the_rows_the_width_or_the_styles_change(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        contacts = app.contact_list
        assert app.focused is contacts and contacts.cursor == 0
        row = contacts.render_line(3)
        assert contacts.render_line(3) is row  # drawn again: the same line, kept
        cursor = contacts.render_line(0)
        assert contacts.rows[0].name in cursor.text

        # the cursor moves: its old row is drawn without it, its new row with it
        below = contacts.render_line(1)
        await pilot.press("down")
        await pilot.pause()
        assert contacts.render_line(0).text == cursor.text
        assert styles_of(contacts.render_line(0)) != styles_of(cursor)
        assert contacts.render_line(1).text == below.text
        assert styles_of(contacts.render_line(1)) != styles_of(below)
        await pilot.press("up")
        await pilot.pause()
        assert styles_of(contacts.render_line(0)) == styles_of(cursor)
        assert styles_of(contacts.render_line(1)) == styles_of(below)

        # the focus leaves the list: the cursor's row is drawn in the unfocused cursor's style
        await pilot.press("1")
        await pilot.pause()
        assert app.focused is not contacts
        blurred = contacts.render_line(0)
        assert blurred.text == cursor.text and styles_of(blurred) != styles_of(cursor)
        await pilot.press("2")
        await pilot.pause()
        assert styles_of(contacts.render_line(0)) == styles_of(cursor)

        # other rows: the lines show them
        wanted = contacts.rows[7].name
        await pilot.press("slash", *wanted, "enter")
        await pilot.pause()
        assert [r.name for r in contacts.rows] == [wanted]
        assert wanted in contacts.render_line(0).text
        assert contacts.render_line(3).text.strip() == ""
        await pilot.press("escape")
        await pilot.pause()
        assert len(contacts.rows) == 121
        assert contacts.render_line(3).text == row.text

        # another width: every row is drawn to it
        await pilot.resize_terminal(150, 40)
        await pilot.pause()
        width = contacts.size.width
        assert width != row.cell_length
        wider = contacts.render_line(3)
        assert wider.cell_length == width
        # the row had been cut at the old width; more of it is shown now
        assert wider.text.startswith(row.text) and len(wider.text.rstrip()) > len(row.text)


def bar_lines(app: NetgoalsApp) -> list[str]:
    """The contacts list's scrollbar as it is drawn, line by line."""
    bar = app.contact_list.vertical_scrollbar
    width, height = bar.size
    return [strip.text for strip in bar.render_lines(Region(0, 0, width, height))]


async def test_the_scrollbar_is_drawn_again_only_when_its_thumb_moves(tmp_path: Path):
    # 2,000 contacts in a list 9 lines high: a page moves the thumb by a fortieth of a cell
    db = build(tmp_path / "long.db", 2000, objectives=5, active=4, activities=10, events=1)
    app = NetgoalsApp(Store.open(db, clock=fixed_clock(NOW)), clock=fixed_clock(NOW))
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        contacts = app.contact_list
        bar = contacts.vertical_scrollbar
        assert len(contacts.rows) == 2000 and bar.display and contacts.size.height < 12
        drawn = []
        render = bar.render

        def counted():  # each time the scrollbar is drawn
            drawn.append(contacts.scroll_offset.y)
            return render()

        bar.render = counted  # type: ignore[method-assign]
        pages = 30
        for _ in range(pages):
            await pilot.press("pagedown")
            await pilot.pause()
            # where the list is, always; and the thumb drawn where a bar drawn afresh has it
            assert bar.position == contacts.scroll_offset.y
            shown = bar_lines(app)
            bar.refresh()
            await pilot.pause()
            assert bar_lines(app) == shown
        assert contacts.scroll_offset.y > pages * (contacts.size.height - 2)
        # drawn again for the pages that moved the thumb (and for each refresh above)
        moved = len(drawn) - pages
        assert 0 < moved < pages / 2
