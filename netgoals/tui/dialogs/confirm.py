"""A yes/no question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from netgoals.tui.dialogs.base import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask `question`: y answers yes, n and escape no, enter the `default` answer."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
        # which answer enter gives is said beside the answers, in the question's own words
        Binding("enter", "answer_default", "Default", show=False),
    ]

    def __init__(
        self, question: Content, *, default: bool = True, yes: str = "yes", no: str = "no"
    ) -> None:
        """`yes` and `no` say what each answer does; `default` is the one enter gives."""
        super().__init__()
        self.question = question
        self.default = default
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        yes_keys = "y · enter" if self.default else "y"
        no_keys = "n · escape" if self.default else "n · enter · escape"
        with Vertical(id="confirm"):
            yield Static(self.question, id="confirm-question")
            yield Static(
                Content.assemble(
                    (yes_keys, "bold"), f" {self.yes}    ", (no_keys, "bold"), f" {self.no}"
                ),
                id="confirm-keys",
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_answer_default(self) -> None:
        self.dismiss(self.default)
