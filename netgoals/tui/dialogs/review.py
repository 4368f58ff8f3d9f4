"""The pre-event review screen: read in 30 seconds in a hallway.

The same Review as `netgoals brief` (computed once in core.review), drawn for the terminal: the
event, then for each objective its ask in a box, its why, and the people to seek as a list you
can move through (enter opens a contact; n logs the event as an activity).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from netgoals.core.review import PersonToSeek, Review
from netgoals.formats.brief import person_facts, when

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


class PeopleList(OptionList):
    """The people to seek for one objective."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, people: list[PersonToSeek]) -> None:
        super().__init__(*(Option(person_line(p)) for p in people), markup=False, classes="people")
        self.people = people


class ReviewScreen(ModalScreen[str | None]):
    """Dismissed with None, or with "log" when the event should be logged as an activity."""

    BINDINGS = [
        Binding("escape,q,r", "close", "Close"),
        Binding("n", "log", "Log this event"),
    ]

    def __init__(self, review: Review) -> None:
        super().__init__()
        self.review = review

    def compose(self) -> ComposeResult:
        review = self.review
        with Vertical(id="review"):
            yield Static(self._heading(), id="review-heading")
            with VerticalScroll(id="review-body"):
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
                    yield PeopleList(brief.people)
                    if brief.more:
                        yield Static(
                            Content.styled(
                                f"  … and {brief.more} more who match (m lists them)", "dim"
                            ),
                        )
                for gap in review.gaps:
                    yield Static(self._gap(gap), classes="review-gap")
                if review.also_attending:
                    names = ", ".join(name for _id, name in review.also_attending)
                    yield Static(Content.assemble(("Also expected: ", "bold"), names))
                yield Static(Content.styled(review.reminder, "italic"), id="review-reminder")
            yield Static(
                Content.assemble(
                    ("tab", "bold"),
                    " next list   ",
                    ("enter", "bold"),
                    " the contact   ",
                    ("n", "bold"),
                    " log this event   ",
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

    def on_mount(self) -> None:
        lists = self.query(PeopleList)
        if lists:
            # the first ask must stay in view: focus without scrolling to the list
            lists.first().focus(scroll_visible=False)

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        people = event.option_list
        if isinstance(people, PeopleList):
            person = people.people[event.option_index]
            self.app.show_contact_by_id(person.contact_id)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.dismiss(None)

    def action_log(self) -> None:
        self.dismiss("log")
