"""The last guard between the app's text and the terminal: no control character is drawn."""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

# C0 and C1 control characters, DEL included: a terminal obeys them (ESC ] 0 sets the window
# title, ESC ] 52 writes the clipboard, ESC [ 2 J clears the screen, U+009B starts a sequence).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class DropControls(LineFilter):
    """Removes every control character from the text of each line the app draws.

    Text is cleaned where it is typed and where it is read from the database; this filter is
    the guarantee for everything else (a path in the header, a message, whatever a widget may
    one day draw): every widget's lines pass through it before they reach the terminal.
    Control characters take no cell on screen, so removing them moves nothing.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """`segments` without control characters in their text (the same list when clean)."""
        if not _CONTROLS.search("".join([segment.text for segment in segments])):
            return segments
        cleaned = []
        for segment in segments:
            if segment.control:  # the renderer's own cursor moves, not text
                cleaned.append(segment)
                continue
            text = _CONTROLS.sub("", segment.text)
            if text:
                cleaned.append(Segment(text, segment.style))
        return cleaned


DROP_CONTROLS = DropControls()
