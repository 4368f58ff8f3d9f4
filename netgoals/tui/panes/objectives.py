"""The objectives pane: why you network, each objective with how many contacts serve it."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from netgoals.core.matching import Matching, by_priority
from netgoals.core.models import Objective, Status

GAP_MARK = "⚠"
STATUS_ORDER = (Status.ACTIVE, Status.PAUSED, Status.ACHIEVED, Status.DROPPED)


def ordered(objectives: list[Objective]) -> list[Objective]:
    """Active objectives first, each status group in priority order."""
    ranked = by_priority(objectives)
    return sorted(ranked, key=lambda o: STATUS_ORDER.index(o.status))


def objective_line(objective: Objective, matching: Matching) -> Content:
    """One objective as a line: title, priority, status, matching contacts or GAP."""
    oid = objective.id or 0
    if objective.is_active:
        count = matching.count(oid)
        if count:
            tail = (f"● {count} contact{'s' if count != 1 else ''}", "$success")
        else:
            tail = (f"{GAP_MARK} GAP: nobody yet", "bold $warning")
        title_style = "bold"
    else:
        tail = (objective.status.value, "dim italic")
        title_style = "dim"
    return Content.assemble(
        (objective.title, title_style),
        "\n  ",
        tail,
        (f" · {objective.priority.value}", "dim"),
        "\n",
    )


class ObjectiveList(OptionList):
    """Objectives, active first; the cursor chooses the objective `m` and the motivation pane
    refer to."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.objectives: list[Objective] = []

    def show(self, objectives: list[Objective], matching: Matching, keep_id: int | None) -> None:
        self.objectives = ordered(objectives)
        self.set_options(Option(objective_line(o, matching), id=str(o.id)) for o in self.objectives)
        if not self.objectives:
            self.highlighted = None
            return
        index = next((i for i, o in enumerate(self.objectives) if o.id == keep_id), 0)
        self.highlighted = index

    @property
    def current(self) -> Objective | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self.objectives)):
            return None
        return self.objectives[self.highlighted]
