"""A list of records (objectives, activities) that keeps its cursor on the same record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class HasId(Protocol):
    @property
    def id(self) -> int | None: ...


R = TypeVar("R", bound=HasId)


class RecordList(OptionList, Generic[R]):
    """Shows `records` one option each (drawn by `line`); `current` is the one highlighted."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, line: Callable[[R], Content], *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.line = line
        self.records: list[R] = []

    def show(self, records: Sequence[R], keep_id: int | None = None) -> None:
        """Show `records`, keeping the cursor on the record with id `keep_id` if still there."""
        self.records = list(records)
        self.set_options(Option(self.line(r), id=str(r.id)) for r in self.records)
        if not self.records:
            self.highlighted = None
            return
        ids = [r.id for r in self.records]
        self.highlighted = ids.index(keep_id) if keep_id in ids else 0

    @property
    def current(self) -> R | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self.records)):
            return None
        return self.records[self.highlighted]
