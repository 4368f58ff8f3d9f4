"""The help screen (? or F1): every key, from help.md."""

from __future__ import annotations

from importlib.resources import files

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Markdown

from netgoals.tui.dialogs.base import Dialog


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        text = files("netgoals.tui").joinpath("help.md").read_text(encoding="utf-8")
        with Vertical(id="help"), VerticalScroll(id="help-scroll"):
            yield Markdown(text, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
