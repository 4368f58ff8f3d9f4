"""What every screen opened over the main screen shares."""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar

from textual.screen import ModalScreen
from textual.widget import Widget

from netgoals.tui.keybar import KeyBar

R = TypeVar("R")


class Dialog(ModalScreen[R], Generic[R]):
    """A screen over the main screen. Its styles (`dialogs.tcss`) are read when the first
    dialog opens, not before the main screen's first frame."""

    CSS_PATH = Path(__file__).resolve().parent.parent / "dialogs.tcss"

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        """What the dialog composed, and under it its own key bar: the keys that work here
        (escape closes), not the main screen's."""
        await super().mount_composed_widgets([*widgets, KeyBar(pinned=())])
