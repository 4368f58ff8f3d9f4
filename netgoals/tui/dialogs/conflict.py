"""The questions a save asks when the record changed or went away while it was being edited."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from netgoals.tui.dialogs.base import Dialog

SHOWN_CHARACTERS = 400  # of each value: enough to tell two versions apart


def _excerpt(text: str) -> str:
    if len(text) <= SHOWN_CHARACTERS:
        return text or "(blank)"
    return f"{text[:SHOWN_CHARACTERS]}… ({len(text) - SHOWN_CHARACTERS:,} more characters)"


class ConflictDialog(Dialog[str]):
    """Fields changed both here and elsewhere: keep mine, take theirs, or go back to editing.
    Dismissed with "mine", "theirs" or "edit"."""

    BINDINGS = [
        Binding("m", "answer('mine')", "Keep mine"),
        Binding("t", "answer('theirs')", "Take theirs"),
        Binding("e,escape", "answer('edit')", "Back to editing"),
    ]

    def __init__(self, kind: str, fields: list[tuple[str, str, str]]) -> None:
        """`fields`: (label, my value, their value) of each field changed on both sides, as
        text."""
        super().__init__()
        self.kind = kind
        self.fields = fields

    def compose(self) -> ComposeResult:
        parts: list[Content | str | tuple[str, str]] = [
            (f"This {self.kind} was changed elsewhere while you edited it", "bold"),
            " (by an import or another copy of netgoals). Nothing is saved yet.\n",
        ]
        for label, mine, theirs in self.fields:
            parts += [
                (f"\n{label}\n", "bold"),
                ("  yours   ", "dim"),
                _excerpt(mine),
                "\n",
                ("  theirs  ", "dim"),
                _excerpt(theirs),
                "\n",
            ]
        with Vertical(id="confirm"):
            yield Static(Content.assemble(*parts), id="confirm-question")
            yield Static(
                Content.assemble(
                    ("m", "bold"),
                    " keep mine   ",
                    ("t", "bold"),
                    " take theirs   ",
                    ("e", "bold"),
                    " back to editing",
                ),
                id="confirm-keys",
            )

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class GoneDialog(Dialog[str]):
    """The record was deleted elsewhere: add it again, discard the edit, or go back to
    editing. Dismissed with "add", "discard" or "edit"."""

    BINDINGS = [
        Binding("a", "answer('add')", "Add it again"),
        Binding("d", "answer('discard')", "Discard"),
        Binding("e,escape", "answer('edit')", "Back to editing"),
    ]

    def __init__(self, kind: str, name: str) -> None:
        super().__init__()
        self.kind = kind
        self.record_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(
                Content.assemble(
                    (f"This {self.kind} was deleted elsewhere", "bold"),
                    " while you edited it (by another copy of netgoals): ",
                    (self.record_name, "bold"),
                    ". Nothing is saved yet.",
                ),
                id="confirm-question",
            )
            yield Static(
                Content.assemble(
                    ("a", "bold"),
                    " add it again   ",
                    ("d", "bold"),
                    " discard my edit   ",
                    ("e", "bold"),
                    " back to editing",
                ),
                id="confirm-keys",
            )

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
