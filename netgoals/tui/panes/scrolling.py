"""A scroll view whose scrollbar is drawn again only when its thumb moves on screen.

Textual draws a widget's scrollbar again whenever the scroll offset changes. In a list of
30,000 contacts a page is a thirtieth of a cell of thumb, so nearly every page-down drew the
scrollbar again unchanged: as long as drawing the page's lines themselves.
"""

from __future__ import annotations

from math import ceil

from rich.segment import Segment
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar


def _drawn(bar: ScrollBar, position: float) -> list[Segment]:
    """What `bar` shows with its thumb at `position`, as its renderer draws it."""
    virtual = bar.window_virtual_size
    window = bar.window_size if bar.window_size < virtual else 0
    return list(
        bar.renderer.render_bar(
            size=bar.size.height,
            virtual_size=ceil(virtual),
            window_size=ceil(window),
            position=position,
            thickness=bar.size.width,
            vertical=True,
        ).segments
    )


def place_scrollbar(bar: ScrollBar, position: float) -> None:
    """Put vertical `bar`'s thumb at `position` (the scroll offset), drawing the bar again
    only if that moves the thumb by at least one of the steps it is drawn in."""
    position = bar.validate_position(position)
    if bar.size.height and _drawn(bar, position) == _drawn(bar, bar.position):
        # the same cells: the position is kept (dragging starts from it), nothing redrawn
        bar.set_reactive(ScrollBar.position, position)
    else:
        bar.position = position


class QuietScrollView(ScrollView):
    """A `ScrollView` that scrolls vertically without drawing its scrollbar again when the
    thumb stays where it is drawn."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # what ScrollView does, the scrollbar placed by place_scrollbar
        if self.show_vertical_scrollbar:
            place_scrollbar(self.vertical_scrollbar, new_value)
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)
