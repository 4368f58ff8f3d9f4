"""The help: help.md drawn as lines of text, every word of it kept, opened with `?`."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from netgoals.tui.dialogs.help import (
    HelpScreen,
    HelpText,
    help_blocks,
    help_markdown,
    inline,
    layout,
    parse,
    wrap,
)
from tests.tui.conftest import make_app, screen_text

HELP = help_markdown()


def words_of_markdown(text: str) -> list[str]:
    """The words a reader sees in `text`: without Markdown's marks and table rules."""
    text = re.sub(r"^\|[-| :]+\|$", "", text, flags=re.MULTILINE)
    text = re.sub(r"\*\*|`", "", text)
    return re.sub(r"^#+ |\|", " ", text, flags=re.MULTILINE).split()


@pytest.mark.parametrize("width", [30, 60, 88, 200])
def test_every_word_of_the_help_is_laid_out_in_order_within_the_width(width: int):
    lines = layout(help_blocks(), width)
    texts = ["".join(text for text, _kind in line) for line in lines]
    assert all(len(text.rstrip()) <= width for text in texts)
    words = " ".join(texts).split()
    assert Counter(words) == Counter(words_of_markdown(HELP))
    if width >= 60:  # wide enough for every key on one line: read in order, row by row
        assert words == words_of_markdown(HELP)


def test_a_table_keeps_what_a_key_does_beside_it_when_it_wraps():
    blocks = parse("| key | does |\n| --- | --- |\n| `a` | add an objective or a contact |\n")
    lines = ["".join(text for text, _ in line) for line in layout(blocks, 20)]
    assert lines == ["key  does", "a    add an", "     objective or a", "     contact"]
    kinds = {kind for text, kind in layout(blocks, 20)[1] if text.strip() == "a"}
    assert kinds == {"key"}  # `a` is shown as a key, its backticks gone


def test_a_line_breaks_only_between_words_never_between_a_bracket_and_its_key():
    blocks = parse("Then filter the list (`/`), or press **all** keys.")
    for width in range(20, 48):
        texts = ["".join(text for text, _ in line) for line in layout(blocks, width)]
        assert all(len(text.rstrip()) <= width for text in texts), texts
        assert " ".join(texts).split() == "Then filter the list (/), or press all keys.".split()
        assert any("(/)," in text for text in texts)
    long = wrap(inline("a `very-long-key-name`"), 8)  # wider than a line: cut, as before
    assert ["".join(text for text, _ in line) for line in long] == [
        "a",
        "very-lon",
        "g-key-na",
        "me",
    ]


def test_markup_in_the_help_is_only_bold_and_keys():
    blocks = parse("Press **[b]x[/b]** or `[red]` to $accent.")
    runs = [run for line in layout(blocks, 80) for run in line]
    assert "".join(text for text, _ in runs) == "Press [b]x[/b] or [red] to $accent."
    kinds = {text.strip(): kind for text, kind in runs if text.strip()}
    assert kinds == {
        "Press": "",
        "[b]x[/b]": "strong",
        "or": "",
        "[red]": "key",
        "to": "",
        "$accent.": "",
    }


async def test_question_mark_opens_the_key_reference_first_and_page_keys_read_on(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Find: type a word · escape closes" in text
        assert "Everywhere on the main screen" in text and "`" not in text
        assert any(line.split()[:3] == ["/", "filter", "contacts"] for line in text.splitlines())
        assert text.splitlines()[-1].split() == ["esc", "Close"]  # its own key bar
        assert len(app.screen.query(HelpText)) == 1
        assert len(app.screen.query("*")) < 8  # not a widget per block or table cell
        await pilot.press("end")
        await pilot.pause()
        assert "How matching works" in screen_text(app)  # the explanations follow the keys
        await pilot.press("home")
        await pilot.pause()
        assert "Find: type a word" in screen_text(app)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert "Objectives pane (1)" not in screen_text(app)
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        assert "Everywhere on the main screen" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_key_reference_is_grouped_by_pane_and_lists_every_key(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = app.screen.query_one(HelpText)
        lines = ["".join(t for t, _ in line).rstrip() for line in help_text.lines_for(96)]
    headings = [line for line in lines if line.endswith(")") and "pane (" in line]
    assert headings == ["Objectives pane (1)", "Contacts pane (2)", "Motivation pane (3)"]
    keys = {line.split()[0] for line in lines[: lines.index("How netgoals works")] if line}
    # every key of the main screen and its panes, as the key bar shows them
    for key in "/ o w m f l n r v i s u q ? a e d ⏎ 1 2 3 tab ↑ ↓ home end pgup pgdn".split():
        assert key in keys, key
    assert lines.index("Keys") < lines.index("How netgoals works")  # the keys come first


async def test_the_help_filters_as_you_type_and_escape_closes(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press(*"weekly")
        await pilot.pause()
        text = screen_text(app)
        assert "Find: weekly▏" in text
        rows = [" ".join(line.split()) for line in text.splitlines()]
        assert "s the weekly target from this week on, and the days before a follow-up" in rows
        assert "e the weekly target from this week on, and the days before a follow-up" in rows
        assert "filter contacts" not in text and "Objectives pane (1)" not in text
        await pilot.press("backspace", *"y quit")  # q and ? are typed, not obeyed
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Nothing matches “weekly quit”." in screen_text(app)
        for _ in "weekly quit":
            await pilot.press("backspace")
        await pilot.press(*"?")
        await pilot.pause()
        assert "? f1 this help" in [
            " ".join(line.split()) for line in screen_text(app).splitlines()
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
