"""What every screen opened over the main screen shares."""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar

from textual import events
from textual.screen import ModalScreen
from textual.widget import Widget

from netgoals.tui import memory
from netgoals.tui.keybar import KeyBar

R = TypeVar("R")


class Dialog(ModalScreen[R], Generic[R]):
    """A screen over the main screen. Its styles (`dialogs.tcss`) are read when the first
    dialog opens, not before the main screen's first frame; the backdrop they give it is
    opaque, but for the questions asked about what shows behind them."""

    CSS_PATH = Path(__file__).resolve().parent.parent / "dialogs.tcss"

    def on_resize(self, event: events.Resize) -> None:
        # A screen's first layout sends the screen itself a Resize of the size it was just
        # laid out at, and Textual's handler lays it out again in full, and the main screen
        # under it too. Only a size it has not been laid out at is passed on to that handler.
        if event.size == self.outer_size:
            event.prevent_default()

    def on_unmount(self) -> None:
        # a closed dialog is held in cycles with its widgets, which only a collection frees:
        # the app's, once the keys pause; in another app, shortly after it closes
        idle: memory.IdleCollection | None = getattr(self.app, "idle_collection", None)
        if idle is not None:
            idle.request()
        else:
            self.app.set_timer(memory.IDLE_BEFORE_COLLECTING, memory.collect_recent)

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        """What the dialog composed, and under it its own key bar: the keys that work here
        (escape closes), not the main screen's."""
        await super().mount_composed_widgets([*widgets, KeyBar(pinned=())])
