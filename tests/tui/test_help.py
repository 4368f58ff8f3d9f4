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
    layout,
    parse,
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


async def test_question_mark_opens_the_help_as_one_text_and_page_down_reads_on(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Moving around" in text and "tab / shift+tab" in text and "`" not in text
        assert len(app.screen.query(HelpText)) == 1
        assert len(app.screen.query("*")) < 8  # not a widget per block or table cell
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert "off-goal contacts only" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
