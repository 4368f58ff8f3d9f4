"""What every screen opened over the main screen shares."""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar

from textual.screen import ModalScreen
from textual.widget import Widget

from netgoals.tui import memory
from netgoals.tui.keybar import KeyBar

R = TypeVar("R")

# Seconds after a dialog closes when what it left behind is collected: by then the screen
# under it is drawn again and Textual has let go of the dialog's last timer.
COLLECT_AFTER_CLOSE = 0.25


class Dialog(ModalScreen[R], Generic[R]):
    """A screen over the main screen. Its styles (`dialogs.tcss`) are read when the first
    dialog opens, not before the main screen's first frame."""

    CSS_PATH = Path(__file__).resolve().parent.parent / "dialogs.tcss"

    def on_unmount(self) -> None:
        # a closed dialog is held in cycles with its widgets, which only a collection frees
        self.app.set_timer(COLLECT_AFTER_CLOSE, memory.collect_recent)

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        """What the dialog composed, and under it its own key bar: the keys that work here
        (escape closes), not the main screen's."""
        await super().mount_composed_widgets([*widgets, KeyBar(pinned=())])
