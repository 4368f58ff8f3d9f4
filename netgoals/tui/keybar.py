"""The main screen's key bar: every key the screen shows, on one line drawn by one widget.

It shows what Textual's `Footer` shows, but the Footer mounts a widget per key (a dozen here),
and every start of the app paid for mounting and laying them out. Here the line is one piece
of content, drawn again (not rebuilt) when the keys change.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

DIM = Style(dim=True)


@dataclass(frozen=True)
class Key:
    """One key as the bar shows it."""

    key: str  # the key's name, as pressed (e.g. "question_mark")
    shown: str  # as displayed (e.g. "?")
    description: str
    enabled: bool
    action: str = ""


class KeyBar(Widget):
    """The keys of the focused widget and its ancestors that are marked to be shown, in
    order. The keys of `pinned` actions (help) and the command palette stay at the right.
    When the terminal is narrow, the keys of `dropped_first` actions give way first (in that
    order), then the keys at the end of the line, so that the keys that matter most stay and
    every other key can always be found in help. A click on a key presses it."""

    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(
        self,
        *,
        pinned: tuple[str, ...] = ("help",),
        dropped_first: tuple[str, ...] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.pinned = pinned
        self.dropped_first = dropped_first
        self.places: list[tuple[int, int, str]] = []  # (first cell, end cell, key) drawn
        self._drawn: tuple[list[Key], list[Key]] | None = None  # the keys of the last line

    @property
    def allow_select(self) -> bool:
        return False  # keys are pressed, not picked out as text

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # Textual says the bindings changed as a screen opens, suspends or resumes, and after
        # every focus change, mostly with the same keys: the line is drawn again only when
        # its keys did change (an extra frame otherwise, as every dialog opens)
        if self.keys() != self._drawn:
            self.refresh()

    def keys(self) -> tuple[list[Key], list[Key]]:
        """The keys to show: (in order from the left, pinned at the right)."""
        app = self.app
        left: list[Key] = []
        right: list[Key] = []
        seen: set[str] = set()
        said: set[str] = set()  # descriptions shown: the first key for "Target" is enough
        palette = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = Key(binding.key, app.get_key_display(binding), "palette", enabled)
                continue
            if not binding.show or binding.action in seen or binding.description in said:
                continue  # a second key for the same action (F1 for help) is not repeated
            seen.add(binding.action)
            said.add(binding.description)
            key = Key(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                enabled,
                binding.action,
            )
            (right if binding.action in self.pinned else left).append(key)
        if palette is not None:
            right.append(palette)
        return left, right

    def _piece(self, key: Key) -> Content:
        extra = Style() if key.enabled else DIM
        return Content.assemble(
            (f" {key.shown} ", self.get_visual_style("keybar--key", partial=True) + extra),
            (
                f"{key.description} ",
                self.get_visual_style("keybar--description", partial=True) + extra,
            ),
        )

    def render(self) -> Content:
        keys = self._drawn = self.keys()
        left, right = list(keys[0]), list(keys[1])  # `right` gives way below; `_drawn` not
        pinned = [self._piece(key) for key in right]

        def width_of(pieces: list[Content]) -> int:
            return sum(piece.cell_length for piece in pieces) + (1 if pieces else 0)  # ▏

        while pinned and width_of(pinned) > self.size.width:
            pinned.pop()  # a terminal narrower than help and the palette: the palette goes
            right.pop()
        parts: list[Content] = []
        self.places = []

        def place(piece: Content, key: Key, at: int) -> int:
            parts.append(piece)
            self.places.append((at, at + piece.cell_length, key.key))
            return at + piece.cell_length

        room = self.size.width - width_of(pinned)
        pieces = [(key, self._piece(key)) for key in left]
        for action in self.dropped_first:
            if sum(piece.cell_length for _key, piece in pieces) <= room:
                break
            pieces = [(key, piece) for key, piece in pieces if key.action != action]
        if len(pinned) > 1 and sum(piece.cell_length for _key, piece in pieces) > room:
            pinned.pop()  # the palette gives way to the keys that matter most (help lists it)
            right.pop()
            room = self.size.width - width_of(pinned)
        pinned_width = width_of(pinned)
        at = 0
        for key, piece in pieces:
            if at + piece.cell_length > room:
                break  # the rest are listed in help, which stays in view
            at = place(piece, key, at)
        if pinned:
            gap = max(self.size.width - pinned_width - at, 0)
            parts += [Content(" " * gap), Content.styled("▏", DIM)]
            at += gap + 1
            for key, piece in zip(right, pinned, strict=True):
                at = place(piece, key, at)
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self.places:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
