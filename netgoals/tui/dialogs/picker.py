"""Choose several of many by typing: the contacts (and objectives) of an activity or event."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

SHOWN = 50  # matches listed at once; typing narrows the rest


class Matches(OptionList, can_focus=False):
    """The list under the search line; driven from the search line's keys."""


class Picker(Vertical):
    """Type to narrow, ↑ ↓ to move, enter to take (or drop) the highlighted one; the search
    then starts again for the next."""

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(
        self, choices: Sequence[tuple[int, str, str]], chosen: Sequence[int], *, id: str
    ) -> None:
        super().__init__(id=id, classes="picker")
        self.choices = list(choices)
        self.labels = {choice_id: label for choice_id, label, _ in self.choices}
        self.value: list[int] = [c for c in chosen if c in self.labels]
        self.shown: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static(id="picker-chosen")
        yield Input(placeholder="type to search · enter takes or drops", id="picker-search")
        yield Matches(markup=False, id="picker-matches")

    def on_mount(self) -> None:
        self._refresh("")

    def focus(self, scroll_visible: bool = True) -> Picker:
        self.query_one(Input).focus(scroll_visible)
        return self

    def _refresh(self, query: str) -> None:
        words = query.casefold().split()
        found = [
            choice_id
            for choice_id, _label, folded in self.choices
            if all(word in folded for word in words)
        ]
        chosen = [c for c in found if c in self.value]
        self.shown = (chosen + [c for c in found if c not in self.value])[:SHOWN]
        matches = self.query_one(Matches)
        matches.set_options(
            Option(Content.assemble(("✓ " if c in self.value else "  ", "bold"), self.labels[c]))
            for c in self.shown
        )
        if self.shown:
            matches.highlighted = 0
        names = ", ".join(self.labels[c] for c in self.value)
        self.query_one("#picker-chosen", Static).update(
            Content.assemble(("✓ ", "bold $success"), names)
            if names
            else Content.styled("(none chosen)", "dim italic")
        )

    @on(Input.Changed, "#picker-search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh(event.value)

    @on(Input.Submitted, "#picker-search")
    def _take(self, event: Input.Submitted) -> None:
        event.stop()
        matches = self.query_one(Matches)
        if matches.highlighted is None or not self.shown:
            return
        choice = self.shown[matches.highlighted]
        if choice in self.value:
            self.value.remove(choice)
        else:
            self.value.append(choice)
        # ready for the next name: the search starts again
        search = self.query_one("#picker-search", Input)
        if search.value:
            search.value = ""
        self._refresh("")

    def action_move(self, step: int) -> None:
        matches = self.query_one(Matches)
        if self.shown:
            current = matches.highlighted or 0
            matches.highlighted = max(0, min(current + step, len(self.shown) - 1))
