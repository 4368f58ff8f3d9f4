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


def region_lines(app, widget) -> list[str]:
    """The drawn lines of the screen inside `widget`'s region (its border included)."""
    region = widget.region
    lines = screen_text(app).split("\n")[region.y : region.y + region.height]
    return [line[region.x : region.x + region.width] for line in lines]


async def test_an_empty_database_says_in_the_panes_what_to_do_first(empty_db: Path):
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        objectives = " ".join(region_lines(app, app.query_one("#objectives-pane")))
        contacts = " ".join(region_lines(app, app.contacts_pane))
        for words in ("No objective yet.", "states your first objective", "the ask", "keywords"):
            assert words in " ".join(objectives.replace("│", " ").split()), words
        contacts = " ".join(contacts.replace("│", " ").split())
        assert "No contacts yet." in contacts
        assert "i imports them from a file: LinkedIn's Connections.csv" in contacts
        assert "Get a copy of your data" in contacts and "netgoals demo" in contacts
        # the hints are what the keys do: a states an objective from its pane, i imports
        await pilot.press("1", "a")
        await pilot.pause()
        assert "objective" in screen_text(app).lower() and len(app.screen_stack) == 2
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert type(app.screen).__name__ == "ImportScreen"


async def test_an_objective_without_keywords_says_it_needs_some(empty_db: Path):
    from netgoals.core.models import Objective
    from netgoals.storage import Store

    with Store.open(empty_db) as store:
        store.save_objective(Objective(title="Find a mentor"))
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = " ".join(region_lines(app, app.query_one("#objectives-pane")))
    assert "⚠ needs keywords to find anyone (e adds them)" in " ".join(
        pane.replace("│", " ").split()
    )


async def test_the_serving_view_lists_who_serves_a_goal_with_the_objectives_served(
    demo_db: Path,
):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        # the contacts pane's rows (the motivation pane lists people met with ● too)
        rows = [row for row in screen_text(app).splitlines() if "│ ● " in row and " → " in row]
        assert len(rows) == 9 == len(app.contact_list.rows)  # the demo's nine who serve
        assert all("○" not in row for row in rows)
        assert "● Priya Raman  → Job as a trader in a bank" in " ".join(rows)
        assert "serving a goal" in screen_text(app)
        await pilot.press("w")  # again: everyone
        await pilot.pause()
        assert len(app.contact_list.rows) == 121


async def test_a_wrapped_activity_title_goes_on_under_its_first_line(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = [line.strip("│").rstrip() for line in region_lines(app, app.main.activity_list)]
    at = next(n for n, line in enumerate(lines) if "Signed up for the City" in line)
    # the rest of the title under its start (past the date), its details at their indent
    assert lines[at + 1].startswith("      ") and lines[at + 1][6] != " "
    assert "Evening" in lines[at + 1] + lines[at + 2]


async def palette_text(app, pilot, query: str) -> str:
    """The command palette's list for `query`, as drawn."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    for character in query:
        await pilot.press("space" if character == " " else character)
    await app.workers.wait_for_complete()  # the palette's search, run in a worker
    await pilot.pause()
    text = screen_text(app)
    await pilot.press("escape")
    await pilot.pause()
    return text


async def test_the_palette_finds_commands_by_what_they_do_and_shows_their_keys(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(100, 70)) as pilot:  # tall: every command in view
        for query in ("weekly", "target"):
            text = await palette_text(app, pilot, query)
            assert "Weekly target   s" in text, query
        text = await palette_text(app, pilot, "keep-in-touch")  # words of its description
        assert "Contacts due a follow-up   f" in text
        text = await palette_text(app, pilot, "")
        rows = [" ".join(line.split()) for line in text.splitlines()]
        for shown in ("Add contact 2 a", "Off-goal contacts only o", "Help ? F1", "Quit q"):
            assert shown in rows, shown
        text = await palette_text(app, pilot, "help")
        rows = [line.strip() for line in text.splitlines()]
        assert "Help   ? F1" in rows and "Keys" not in rows  # one help entry, not Textual's
        text = await palette_text(app, pilot, "keys")
        assert "Show help for the focused widget" not in text


async def test_at_80_columns_titles_put_the_gaps_first(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        top = region_lines(app, app.query_one("#objectives-pane"))[0]
    assert top.startswith("╭─ Objectives: ⚠ 1 gap, 2 active ─"), top


async def test_every_view_that_scrolls_answers_home_and_end(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("end")  # the contacts list
        await pilot.pause()
        assert app.contact_list.cursor == len(app.contact_list.rows) - 1
        await pilot.press("home")
        await pilot.pause()
        assert app.contact_list.cursor == 0
        await pilot.press("1", "enter")  # an objective's details: a long page
        await pilot.pause()
        body = app.screen.query_one("#details-body")
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("escape", "r")  # the review
        await pilot.pause()
        body = app.screen.query_one("#review-body")
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("escape", "question_mark")  # the help
        await pilot.pause()
        page = app.screen.query_one("#help")
        await pilot.press("end")
        await pilot.pause()
        assert page.scroll_y == page.max_scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert page.scroll_y == 0


async def test_a_wrapped_line_of_the_review_goes_on_under_its_first_line(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        lines = [line.strip("█ ").rstrip() for line in screen_text(app).splitlines()]
        raw = screen_text(app).splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("the way in: Offered"))
    first, wrapped = raw[at], raw[at + 1]
    indent = len(first) - len(first.lstrip("█ "))
    assert len(wrapped) - len(wrapped.lstrip("█ ")) == indent  # under its first line
    assert wrapped.lstrip("█ ").startswith("Harbour Investment Bank; matches")
