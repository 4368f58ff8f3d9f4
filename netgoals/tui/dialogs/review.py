"""The pre-event review screen: read in 30 seconds in a hallway.

The same Review as `netgoals brief` (computed once in core.review), drawn for the terminal: the
event, then for each objective its ask in a box, its why, and the people to seek as a list you
can move through (enter opens a contact; n logs the event as an activity).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from netgoals.core.review import PersonToSeek, Review
from netgoals.formats.brief import person_facts, when
from netgoals.tui.dialogs.base import Dialog
from netgoals.tui.wrapping import HangingText

Part = Content | str | tuple[str, str]


def person_line(person: PersonToSeek) -> Content:
    about = " · ".join(p for p in (person.role, person.organization) if p)
    mark = "→ " if person.way_in else ("★ " if person.attending else "• ")
    return Content.assemble(
        (mark, "bold $success"),
        (person.name, "bold"),
        (f"  {about}" if about else "", "dim"),
        ("\n    " + "; ".join(person_facts(person)), "italic"),
    )


def still_without_line(review: Review) -> Content:
    """The active objectives nobody matches that the event is not for, with their hangouts."""
    parts: list[Part] = [("Still without anyone: ", "bold $warning")]
    for index, objective in enumerate(review.still_without):
        hangouts = "; ".join(objective.hangouts) or "no hangouts yet"
        parts += ["; " if index else "", (objective.title, "bold"), f" (go to: {hangouts})"]
    return Content.assemble(*parts)


class PersonLine(HangingText, can_focus=True):
    """One person to seek: ↑ ↓ move from person to person (the page follows), enter opens.
    A wrapped line goes on under the start of its own."""

    def __init__(self, person: PersonToSeek) -> None:
        super().__init__(person_line(person), classes="person")
        self.person = person


class ReviewBody(VerticalScroll, can_focus=False, inherit_bindings=False):
    """The page: scrolled by the page keys and by moving from person to person (its own
    arrow-key bindings would take ↑ ↓ from the people)."""


class ReviewScreen(Dialog[str | None]):
    """Dismissed with None, or with "log" when the event should be logged as an activity."""

    AUTO_FOCUS = ""  # the page opens at its top, on the first ask; ↓ goes to the people

    BINDINGS = [
        Binding("escape,q,r", "close", "Close"),
        Binding("n", "log", "Log this event"),
        Binding("c", "capture", "Capture who you met"),
        Binding("down,j,tab", "person(1)", "Next person", show=False),
        Binding("up,k,shift+tab", "person(-1)", "Previous person", show=False),
        Binding("enter", "open", "Open the contact"),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "page(0)", "Top", show=False),
        Binding("end", "end", "Bottom", show=False),
    ]

    def __init__(self, review: Review) -> None:
        super().__init__()
        self.review = review

    def compose(self) -> ComposeResult:
        review = self.review
        with Vertical(id="review"):
            yield Static(self._heading(), id="review-heading")
            with ReviewBody(id="review-body"):
                if not review.has_active_objective:
                    yield Static(
                        Content.assemble(
                            ("No active objective yet.\n", "bold"),
                            "State why you network first: escape, then 1 and a.",
                        )
                    )
                elif review.is_empty:
                    yield Static("None of the objectives this event is for is active.")
                for brief in review.objectives:
                    objective = brief.objective
                    yield Static(
                        Content.assemble(
                            (objective.title, "bold $accent"),
                            (f"  {objective.priority.value} priority", "dim"),
                        ),
                        classes="review-objective",
                    )
                    yield Static(
                        Content(
                            objective.ask
                            or "(no ask yet: say in one sentence what you "
                            "want — e on the objective)"
                        ),
                        classes="review-ask",
                    )
                    if objective.why:
                        yield Static(
                            Content.assemble(("why  ", "dim"), objective.why.replace("\n", " ")),
                            classes="review-why",
                        )
                    for person in brief.people:
                        yield PersonLine(person)
                    if brief.more:
                        yield Static(
                            Content.styled(
                                f"  … and {brief.more} more who match (m lists them)", "dim"
                            ),
                        )
                for gap in review.gaps:
                    yield Static(self._gap(gap), classes="review-gap")
                if review.still_without:
                    yield Static(still_without_line(review), classes="review-still")
                if review.also_attending:
                    names = ", ".join(name for _id, name in review.also_attending)
                    yield Static(Content.assemble(("Also expected: ", "bold"), names))
                yield Static(Content.styled(review.reminder, "italic"), id="review-reminder")
            yield Static(
                Content.assemble(
                    ("↑ ↓", "bold"),
                    " people   ",
                    ("enter", "bold"),
                    " the contact   ",
                    ("n", "bold"),
                    " log this event   ",
                    *((("c", "bold"), " capture who you met   ") if self.review.event else ()),
                    ("escape", "bold"),
                    " close",
                ),
                id="review-keys",
            )

    def _heading(self) -> Content:
        event = self.review.event
        if event is None:
            return Content.assemble(
                ("Before you walk in", "bold"),
                ("  no event coming up (v adds one): every active objective", "dim"),
            )
        parts: list[Part] = [
            ("Before you walk in: ", "bold"),
            (event.name, "bold $accent"),
            ("\n" + when(event), "bold"),
        ]
        if event.place:
            parts.append(f" · {event.place}")
        if event.notes:
            parts.append(("\n" + event.notes.replace("\n", " "), "dim"))
        return Content.assemble(*parts)

    @staticmethod
    def _gap(gap) -> Content:
        parts: list[Part] = [(f"⚠ GAP: {gap.title}\n", "bold $warning")]
        if gap.ask:
            parts.append(("“" + gap.ask + "”\n", "bold"))
        parts.append("Nobody you know matches it yet. Go where the right people are:\n")
        for hangout in gap.hangouts or ["(no hangouts yet: add them to the objective)"]:
            parts.append(f"  • {hangout}\n")
        return Content.assemble(*parts)

    def action_person(self, step: int) -> None:
        """Move to the next (or previous) person; the first move starts at the first one."""
        people = list(self.query(PersonLine))
        if not people:
            return
        focused = self.focused
        if isinstance(focused, PersonLine):
            index = people.index(focused) + step
        else:
            index = 0 if step > 0 else len(people) - 1
        people[max(0, min(index, len(people) - 1))].focus()

    def action_open(self) -> None:
        if isinstance(self.focused, PersonLine):
            self.app.show_contact_by_id(self.focused.person.contact_id)  # type: ignore[attr-defined]

    def action_page(self, direction: int) -> None:
        body = self.query_one(ReviewBody)
        if direction > 0:
            body.scroll_page_down(animate=False)
        elif direction < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_home(animate=False)

    def action_end(self) -> None:
        """End: the bottom of the page (the gaps and the reminder)."""
        self.query_one(ReviewBody).scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_log(self) -> None:
        self.dismiss("log")

    def action_capture(self) -> None:
        """c: capture who you met at this event (there is none to capture at without one)."""
        if self.review.event is not None:
            self.dismiss("capture")
