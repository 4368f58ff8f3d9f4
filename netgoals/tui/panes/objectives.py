"""The objectives pane: why you network, each objective with how many contacts serve it."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from netgoals.core.matching import Matching, by_priority, match
from netgoals.core.models import Objective, Status
from netgoals.core.words import plural
from netgoals.tui.panes.record_list import DETAILS_KEY, RecordList

GAP_MARK = "⚠"
STATUS_ORDER = (Status.ACTIVE, Status.PAUSED, Status.ACHIEVED, Status.DROPPED)


FIRST_OBJECTIVE = Content.assemble(
    ("No objective yet.\n\n", "bold"),
    "Start with why you network: ",
    ("1", "bold $accent"),
    " then ",
    ("a", "bold $accent"),
    " states your first objective: its why, the ask you say out loud, and keywords (a job "
    "title, an industry, an employer) that find the contacts who can help.",
)


def ordered(objectives: list[Objective]) -> list[Objective]:
    """Active objectives first, each status group in priority order."""
    ranked = by_priority(objectives)
    return sorted(ranked, key=lambda o: STATUS_ORDER.index(o.status))


def objective_line(objective: Objective, matching: Matching) -> Content:
    """One objective as a line: title, priority, status, matching contacts or GAP."""
    oid = objective.id or 0
    if objective.is_active:
        count = matching.count(oid)
        if not matching.complete:
            tail = ("counting…", "dim")
        elif count:
            tail = (f"● {plural(count, 'contact')}", "$success")
        elif not objective.keywords:
            tail = (f"{GAP_MARK} needs keywords to find anyone (e adds them)", "bold $warning")
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
    )


class ObjectiveList(RecordList[Objective]):
    """Objectives, active first; the cursor chooses the objective `m` and the motivation pane
    refer to. Its keys add, edit and delete objectives: it asks the screen, which owns the
    forms."""

    BINDINGS = [
        Binding(
            "a",
            "add",
            "Add objective",
            tooltip="state a new objective: why, the ask, keywords that find the right people",
        ),
        Binding("e", "edit", "Edit", tooltip="edit the objective under the cursor"),
        Binding("d", "delete", "Delete", tooltip="delete it (asks first; u undoes)"),
        DETAILS_KEY,
    ]

    class AddRequested(Message):
        """a: state a new objective."""

    class EditRequested(Message):
        """e: edit the objective under the cursor."""

    class DeleteRequested(Message):
        """d: delete the objective under the cursor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            lambda o: objective_line(o, self.matching), gap=1, empty=FIRST_OBJECTIVE, id=id
        )
        self.matching: Matching = match([], [], [], {})

    @property
    def objectives(self) -> list[Objective]:
        return self.records

    def show_all(
        self, objectives: list[Objective], matching: Matching, keep_id: int | None
    ) -> None:
        self.matching = matching
        self.show(ordered(objectives), keep_id)

    def action_add(self) -> None:
        self.post_message(self.AddRequested())

    def action_edit(self) -> None:
        if self.current is not None:
            self.post_message(self.EditRequested())

    def action_delete(self) -> None:
        if self.current is not None:
            self.post_message(self.DeleteRequested())
