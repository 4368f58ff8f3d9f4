"""What every screen opened over the main screen shares."""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar

from textual.screen import ModalScreen

R = TypeVar("R")


class Dialog(ModalScreen[R], Generic[R]):
    """A screen over the main screen. Its styles (`dialogs.tcss`) are read when the first
    dialog opens, not before the main screen's first frame."""

    CSS_PATH = Path(__file__).resolve().parent.parent / "dialogs.tcss"
