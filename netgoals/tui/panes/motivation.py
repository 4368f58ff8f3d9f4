"""The motivation pane: what networking costs and pays back, and why it is worth it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from netgoals.core.followups import Followup, when_due
from netgoals.core.models import Activity, Objective
from netgoals.core.motivation import (
    STRETCH,
    Due,
    ObjectiveEffort,
    Summary,
    bars,
    format_minutes,
)
from netgoals.core.payback import FLAG_MESSAGE, PAYBACK_WEEKS, Payback, format_rate
from netgoals.tui.panes.contacts import MATCH_MARK, OFFGOAL_MARK
from netgoals.tui.panes.record_list import DETAILS_KEY, RecordList

Part = Content | str | tuple[str, str]


def _target_marks(summary: Summary) -> str:
    # each week against the target in force that week, not today's
    marks = ["✓" if w.activities >= w.target else "·" for w in summary.weeks]
    if summary.this_week < summary.target:
        marks[-1] = "…"  # this week is not over yet
    return "".join(marks)


def _short(text: str, width: int = 18) -> str:
    """`text` cut to `width` characters (with "…"), for a line of the narrowest pane."""
    return text if len(text) <= width else text[: width - 1] + "…"


def motivation_content(
    summary: Summary,
    active: list[Objective],
    effort: dict[int, ObjectiveEffort],
    due: list[Due],
    current: Objective | None,
    payback: Payback | None = None,
    followups: Sequence[Followup] = (),
    today: date | None = None,
) -> Content:
    """The pane at a glance: this week, the streak, 12 weeks of effort and payback, each active
    objective's totals (with its payback per hour lately, and a warning when it took effort
    without payback), who is due a follow-up (the people met at an event, by `today`, and those
    past their keep-in-touch interval), what pays back by kind of activity, and the why of the
    objective under the cursor."""
    parts: list[Part] = []
    met = summary.this_week >= summary.target
    parts += [
        ("Week ", "bold"),
        (f"{summary.this_week}/{summary.target}", "bold $success" if met else "bold $warning"),
        ("  streak ", "dim"),
        (f"{summary.streak}\n", "bold"),
    ]
    weeks = summary.weeks
    parts += [
        ("effort  ", "dim"),
        (bars([w.effort_minutes for w in weeks]) + "\n", "$accent"),
        ("payback ", "dim"),
        (bars([w.payback for w in weeks]) + "\n", "$success"),
        ("target  ", "dim"),
        _target_marks(summary) + "\n",
        (f"        {weeks[0].label[5:]} → {weeks[-1].label[5:]}\n", "dim") if weeks else "",
        # each line short enough for the narrowest pane: a chart never wraps
        ("stretch ", "dim"),
        (f"{summary.stretches}", "bold"),
        (f" (discomfort ≥ {STRETCH})\n", "dim"),
    ]
    if not active:
        parts += [
            ("\nNo active objective yet.\n", "bold"),
            "Press 1 then a to say why you network.",
        ]
        return Content.assemble(*parts)
    for objective in active:
        spent = effort.get(objective.id or 0, ObjectiveEffort(objective.id or 0))
        parts += [
            "\n",
            (objective.title, "bold"),
            # short lines: the narrowest pane never wraps them
            f"\n  {spent.activities}× · {format_minutes(spent.effort_minutes)}"
            f"\n  payback {spent.payback}",
        ]
        if spent.last:
            parts.append((f" · last {spent.last.strftime('%m-%d')}", "dim"))
        parts += _objective_payback(payback, objective.id or 0)
    parts.append("\n")
    if followups and today is not None:
        parts += [
            (f"\nFollow up: {len(followups)} met", "bold $warning"),
            ("  f lists\n", "dim"),
        ]
        for person in followups[:5]:
            parts += [
                (MATCH_MARK, "$success") if person.serves else (OFFGOAL_MARK, "dim"),
                f" {person.name}",
                (f"  {when_due(person, today)}\n  met at {_short(person.event)}\n", "dim"),
            ]
    parts += _kind_payback(payback)
    if due:
        parts += [
            (f"\nDue a follow-up: {len(due)}", "bold $warning"),
            ("  f lists\n", "dim"),
        ]
        for person in due[:5]:
            parts += [f"  {person.name}", (f"  {person.overdue_days} d late\n", "dim")]
    if current is not None:
        parts += [("\nWhy ", "bold $accent"), (current.title, "bold"), "\n"]
        parts.append(current.why or ("(no why written yet: e to add one)", "dim italic"))
        if current.ask:
            parts += [("\n\nAsk ", "bold $accent"), current.ask]
    return Content.assemble(*parts)


def _objective_payback(payback: Payback | None, objective_id: int) -> list[Part]:
    """An objective's payback per hour over the payback weeks, and its warning if flagged."""
    if payback is None:
        return []
    parts: list[Part] = []
    recent = next((o for o in payback.by_objective if o.objective_id == objective_id), None)
    if recent is not None:
        parts.append(
            (
                f"\n  {PAYBACK_WEEKS} wk: {format_rate(recent.per_hour)}"
                f" · payback {recent.payback}",
                "dim",
            )
        )
    if any(f.objective_id == objective_id for f in payback.flagged):
        # on two lines: the narrowest pane never wraps it
        warning, advice = FLAG_MESSAGE.split(": ", 1)
        parts.append((f"\n  ⚠ {warning}:\n    {advice}", "bold $warning"))
    return parts


def _kind_payback(payback: Payback | None) -> list[Part]:
    """What pays back by kind of activity, best payback per hour first."""
    if payback is None or payback.is_empty:
        return []
    parts: list[Part] = [(f"\nPays back, {PAYBACK_WEEKS} weeks\n", "bold")]
    for kind in payback.by_kind:
        parts += [
            f"{kind.kind.value:<8}",
            (f"{format_rate(kind.per_hour):>6}", "bold"),
            (f" · {format_minutes(kind.minutes)}\n", "dim"),
        ]
    return parts


def reading_content(total: int) -> Content:
    """What the pane says while a large network is still being read."""
    return Content.assemble(
        (f"Reading {total:,} contacts…\n", "bold"),
        ("Counts, this week and follow-ups come in a moment.", "dim"),
    )


def activity_line(activity: Activity) -> Content:
    return Content.assemble(
        (activity.date.isoformat()[5:], "dim"),
        " ",
        (activity.title, "bold"),
        (
            f"\n  {activity.kind.value} · {format_minutes(activity.effort_minutes)}"
            f"\n  discomfort {activity.discomfort} · payback {activity.payback}",
            "dim",
        ),
    )


class MotivationView(VerticalScroll):
    """The scrolling summary (focusable, so that it can be read with the keyboard)."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def compose(self):
        yield Static(id="motivation-text")

    shown: tuple[str, list[object]] = ("", [])

    def show(self, content: Content) -> None:
        # Often asked to show what it shows already (the objective cursor settling after a
        # reload): drawing the text again would cost a layout for nothing.
        key = (content.plain, list(content.spans))
        if key != self.shown:
            self.shown = key
            self.query_one("#motivation-text", Static).update(content)


class ActivityList(RecordList[Activity]):
    """The latest activities: e edits, d deletes, enter shows one (it asks the screen)."""

    BINDINGS = [
        Binding("e", "edit", "Edit", tooltip="edit the activity under the cursor"),
        Binding("d", "delete", "Delete", tooltip="delete it (asks first; u undoes)"),
        DETAILS_KEY,
    ]

    class EditRequested(Message):
        """e: edit the activity under the cursor."""

    class DeleteRequested(Message):
        """d: delete the activity under the cursor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(activity_line, hang=6, id=id)  # under the title, past the date

    def action_edit(self) -> None:
        if self.current is not None:
            self.post_message(self.EditRequested())

    def action_delete(self) -> None:
        if self.current is not None:
            self.post_message(self.DeleteRequested())


class MotivationPane(Vertical):
    """The summary above the latest activities. a logs an activity and e opens the settings
    (the weekly target), wherever the focus is in the pane; the activities' own e and d come
    first on the list."""

    BINDINGS = [
        Binding("a", "add", "Log", show=False, tooltip="log an activity"),  # n too, shown
        Binding(
            "e",
            "edit",
            "Target",
            tooltip="the weekly target from this week on, and the days before a follow-up",
        ),
    ]

    class LogRequested(Message):
        """a: log an activity."""

    class SettingsRequested(Message):
        """e: change the weekly target."""

    def compose(self) -> ComposeResult:
        yield MotivationView(id="motivation-view")
        yield Static(Content.styled("Recent activities", "bold"), id="activity-title")
        yield ActivityList(id="activity-list")

    def on_mount(self) -> None:
        self.border_title = "Motivation"

    def action_add(self) -> None:
        self.post_message(self.LogRequested())

    def action_edit(self) -> None:
        self.post_message(self.SettingsRequested())
