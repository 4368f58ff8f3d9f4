"""Read-only details of a contact or an objective, with what they match and why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from netgoals.tui.dialogs.base import Dialog


class DetailsScreen(Dialog[str | None]):
    """Shows `body`; dismissed with None, or with "edit" / "link" when those keys are pressed."""

    BINDINGS = [
        Binding("escape,q,enter,r", "close", "Close"),
        Binding("e", "choose('edit')", "Edit"),
        Binding("l", "choose('link')", "Link"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("home", "scroll('home')", "Top", show=False),
        Binding("end", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(
        self,
        title: str,
        body: Content,
        keys: Content,
        *,
        choices: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.details_title = title
        self.body = body
        self.keys = keys
        self.choices = choices

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return parameters[0] in self.choices
        return True

    def compose(self) -> ComposeResult:
        with Vertical(id="details"):
            yield Static(Content.styled(self.details_title, "bold"), id="details-title")
            with VerticalScroll(id="details-body"):
                yield Static(self.body)
            yield Static(self.keys, id="details-keys")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_choose(self, what: str) -> None:
        self.dismiss(what)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#details-body", VerticalScroll)
        getattr(body, f"scroll_{direction}")(animate=False)
