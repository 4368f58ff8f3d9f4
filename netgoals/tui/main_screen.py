"""The main screen: objectives, contacts and motivation, as many side by side as fit.

Each pane owns its keys (add, edit, delete, details) and asks for what they do with a message,
handled here; the screen's own keys (filter, toggles, moving between panes) and the app-wide
ones (review, log, help, quit) are bindings of this screen, so that none of them acts while a
dialog is open over it. Where three panes do not fit, the screen shows two or one, always the
one with the focus, and a strip at the top names them and how to switch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static

from netgoals.core.words import plural
from netgoals.tui.keybar import KeyBar
from netgoals.tui.panes.contacts import ContactList, ContactsPane
from netgoals.tui.panes.motivation import ActivityList, MotivationPane, MotivationView
from netgoals.tui.panes.objectives import GAP_MARK, ObjectiveList

if TYPE_CHECKING:
    from netgoals.core.matching import Matching
    from netgoals.tui.app import NetgoalsApp

THREE_PANES_FROM = 120  # columns from which the three panes stand side by side
TWO_PANES_FROM = 80  # from which the contacts pane has one other beside it
PANE_NAMES = ("Objectives", "Contacts", "Motivation")

# Least useful first: the key bar gives these up first when the terminal is narrow (they
# stay in help and the palette). The focused pane's own keys come first on the bar and stay.
DROPPED_FIRST = (
    "app.undo",
    "app.settings",
    "select",  # enter on a list: every list answers it, the bar can give it up early
    "details",
    "toggle_serving",
    "toggle_due",
    "toggle_matching",
    "app.link",
    "app.events",
    "app.import_file",
    "toggle_offgoal",
    "app.review",
    "app.log_activity",
    "filter",
)


class PaneStrip(Static):
    """One line naming the panes, the ones shown in brackets, and how to switch."""

    DEFAULT_CSS = """
    PaneStrip {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    def show(self, shown: set[int]) -> None:
        """Name the panes, `shown` (their indexes) highlighted."""
        parts: list[Content | tuple[str, str] | str] = []
        for index, name in enumerate(PANE_NAMES):
            if parts:
                parts.append((" · ", "dim"))
            label = f"{index + 1} {name}"
            parts.append((f"[{label}]", "bold $accent") if index in shown else (label, "dim"))
        parts.append(("  tab: next", "dim"))
        self.update(Content.assemble(*parts))


class MainScreen(Screen[None]):
    """The three panes, the strip naming them when they do not all fit, and the key bar."""

    BINDINGS = [
        # the tooltip is what the help's key reference says of the key
        Binding(
            "slash",
            "filter",
            "Filter",
            tooltip="filter contacts as you type (name, organisation, role, tags); escape clears",
        ),
        Binding("o", "toggle_offgoal", "Off-goal", tooltip="off-goal contacts only (again: all)"),
        Binding(
            "w",
            "toggle_serving",
            "Serving",
            tooltip="contacts who serve a goal, with the objectives each serves (again: all)",
        ),
        Binding(
            "m",
            "toggle_matching",
            "Matching",
            tooltip="contacts matching the objective under the cursor only (again: all)",
        ),
        Binding(
            "f",
            "toggle_due",
            "Due",
            tooltip="contacts due a follow-up: the people met at an event first (again: all)",
        ),
        Binding(
            "l",
            "app.link",
            "Link",
            tooltip="link the contact under the cursor to an objective: helps, introduces "
            "or excluded",
        ),
        Binding(
            "n",
            "app.log_activity",
            "Log",
            tooltip="log an activity (an event, a meeting, a call): type names to choose "
            "who was there",
        ),
        Binding(
            "r",
            "app.review",
            "Review",
            tooltip="the pre-event review of the next event: your asks, the people to "
            "seek, the gaps",
        ),
        Binding(
            "v",
            "app.events",
            "Events",
            tooltip="events: add, edit, delete, capture who you met (c), review any of them",
        ),
        Binding(
            "i",
            "app.import_file",
            "Import",
            tooltip="import a file, recognised from its content: contacts (LinkedIn, vCard, Google,"
            " Outlook, Thunderbird, Yahoo, a backup) or events (a calendar)",
        ),
        Binding(
            "s",
            "app.settings",
            "Target",
            tooltip="the weekly target from this week on, and the days before a follow-up",
        ),
        Binding("u", "app.undo", "Undo", tooltip="undo the last delete"),
        Binding("q", "app.quit", "Quit", tooltip="quit"),
        Binding("question_mark,f1", "app.help", "Help", tooltip="this help"),
        Binding("1", "focus_pane(0)", "Objectives", show=False, tooltip="the objectives pane"),
        Binding("2", "focus_pane(1)", "Contacts", show=False, tooltip="the contacts pane"),
        Binding("3", "focus_pane(2)", "Motivation", show=False, tooltip="the motivation pane"),
        Binding("tab", "cycle(1)", "Next pane", show=False, tooltip="the next pane"),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False, tooltip="the previous pane"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._side = 0  # the pane beside the contacts when two are shown
        self._panes: tuple[Widget, ...] = ()

    @property
    def netgoals(self) -> NetgoalsApp:
        return cast("NetgoalsApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◎")
        strip = PaneStrip(id="pane-strip")
        strip.display = False  # shown when the panes do not all fit
        yield strip
        with Horizontal(id="main"):
            with Vertical(id="objectives-pane", classes="pane"):
                yield ObjectiveList(id="objective-list")
            yield ContactsPane(id="contacts-pane")
            yield MotivationPane(id="motivation-pane", classes="pane")
        yield KeyBar(pinned=("app.help",), dropped_first=DROPPED_FIRST)
        yield self.netgoals.writer

    def on_mount(self) -> None:
        self._panes = (
            self.query_one("#objectives-pane"),
            self.contacts_pane,
            self.query_one(MotivationPane),
        )
        # the serving view asks the matching on screen (whole once the network is read)
        self.contacts_pane.serving_of = lambda: self.netgoals.whole_matching().serving()
        self.retitle_objectives(None)
        self.netgoals.start()

    # --- the panes' widgets -------------------------------------------------------------

    @property
    def contacts_pane(self) -> ContactsPane:
        return self.query_one(ContactsPane)

    @property
    def contact_list(self) -> ContactList:
        return self.query_one(ContactList)

    @property
    def objective_list(self) -> ObjectiveList:
        return self.query_one(ObjectiveList)

    @property
    def activity_list(self) -> ActivityList:
        return self.query_one(ActivityList)

    @property
    def motivation_view(self) -> MotivationView:
        return self.query_one(MotivationView)

    def retitle_objectives(self, matching: Matching | None) -> None:
        """The objectives pane's title: how many are active, how many are gaps."""
        title = "Objectives"
        if matching is not None:
            gaps = len(matching.gaps)
            # short enough for the narrowest pane, and the gaps first: what matters is never
            # the part cut off
            active = f"{len(matching.objectives)} active"
            title += f": {GAP_MARK} {plural(gaps, 'gap')}, {active}" if gaps else f": {active}"
        self.query_one("#objectives-pane").border_title = Content(title)

    # --- which panes are shown ----------------------------------------------------------

    def _stops(self) -> tuple[Widget, ...]:
        """What tab moves between, in order, and the pane each belongs to."""
        return (self.objective_list, self.contact_list, self.motivation_view, self.activity_list)

    def _pane_index(self, widget: Widget | None) -> int | None:
        node: Any = widget
        while node is not None and node is not self:
            if node in self._panes:
                return self._panes.index(node)
            node = node.parent
        return None

    @property
    def current_pane(self) -> int:
        """The index of the pane holding the focus (the contacts when nothing has it)."""
        index = self._pane_index(self.focused)
        return 1 if index is None else index

    @property
    def contacts_have_focus(self) -> bool:
        """Whether the focus is in the contacts pane (its list or its filter)."""
        return self._pane_index(self.focused) == 1

    def _arrange(self, current: int | None = None) -> None:
        """Show the panes that fit, always `current` (the focused one by default)."""
        if not self._panes:
            return
        current = self.current_pane if current is None else current
        width = self.size.width
        if width >= THREE_PANES_FROM:
            count, shown = 3, {0, 1, 2}
        elif width >= TWO_PANES_FROM:
            if current != 1:
                self._side = current
            count, shown = 2, {1, self._side}
        else:
            count, shown = 1, {current}
        for index, pane in enumerate(self._panes):
            pane.display = index in shown
        main = self.query_one("#main")
        for n in (1, 2, 3):
            main.set_class(n == count, f"-panes-{n}")
        strip = self.query_one(PaneStrip)
        strip.display = count < 3
        if count < 3:
            strip.show(shown)

    def on_resize(self, event: events.Resize) -> None:
        self._arrange()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._arrange()

    def _focus(self, stop: Widget) -> None:
        self._arrange(self._pane_index(stop))  # shown before it takes the focus
        stop.focus()

    def action_focus_pane(self, index: int) -> None:
        """Focus pane `index` (0 objectives, 1 contacts, 2 motivation), showing it."""
        self._focus(self._stops()[(0, 1, 2)[index]])

    def action_cycle(self, step: int) -> None:
        """Focus the next (or, with -1, the previous) list of any pane, shown or not."""
        stops = self._stops()
        focused = self.focused
        if focused in stops:
            at = stops.index(focused)  # type: ignore[arg-type]
        else:  # the filter line: it belongs with the contacts list
            at = stops.index(self.contact_list) if self.current_pane == 1 else 0
        self._focus(stops[(at + step) % len(stops)])

    def pane_action(self, name: str) -> None:
        """Do what the focused pane's own key for `name` does (edit, delete, details)."""
        node: Any = self.focused or self.contact_list
        while node is not None and node is not self:
            action = getattr(node, f"action_{name}", None)
            if action is not None:
                action()
                return
            node = node.parent

    # --- the screen's own keys ------------------------------------------------------------

    def action_filter(self) -> None:
        """Open the contacts filter (showing the contacts pane)."""
        self._arrange(1)
        self.contacts_pane.open_filter()

    def action_toggle_offgoal(self) -> None:
        pane = self.contacts_pane
        pane.offgoal_only = not pane.offgoal_only

    def action_toggle_serving(self) -> None:
        pane = self.contacts_pane
        pane.serving_only = not pane.serving_only

    def action_toggle_due(self) -> None:
        pane = self.contacts_pane
        pane.due_only = not pane.due_only

    def action_toggle_matching(self) -> None:
        pane = self.contacts_pane
        objective = self.objective_list.current
        if pane.objective_only is not None or objective is None:
            pane.objective_only = None
            return
        pane.objective_only = (objective.id or 0, objective.title)

    # --- what the panes ask for -------------------------------------------------------------

    @on(ObjectiveList.Highlighted, "#objective-list")
    def _objective_highlighted(self) -> None:
        self.netgoals.objective_changed()

    @on(ObjectiveList.Selected, "#objective-list")
    def _objective_selected(self) -> None:
        self.netgoals.show_objective()

    @on(ObjectiveList.AddRequested)
    def _add_objective(self) -> None:
        self.netgoals.action_edit_objective(None)

    @on(ObjectiveList.EditRequested)
    def _edit_objective(self) -> None:
        objective = self.objective_list.current
        if objective is not None:
            self.netgoals.action_edit_objective(objective)

    @on(ObjectiveList.DeleteRequested)
    def _delete_objective(self) -> None:
        objective = self.objective_list.current
        if objective is not None:
            self.netgoals.confirm_delete(
                "objective",
                objective.id or 0,
                objective.title,
                " Its links go with it; activities that mention it are kept.",
            )

    @on(ContactsPane.AddRequested)
    def _add_contact(self) -> None:
        self.netgoals.action_edit_contact(None)

    @on(ContactsPane.EditRequested)
    def _edit_contact(self) -> None:
        contact = self.netgoals.current_contact()
        if contact is not None:
            self.netgoals.action_edit_contact(contact)

    @on(ContactsPane.DeleteRequested)
    def _delete_contact(self) -> None:
        row = self.contact_list.current
        if row is not None:
            self.netgoals.confirm_delete(
                "contact",
                row.id,
                row.name,
                " Their links go with them; activities that mention them are kept.",
            )

    @on(ContactsPane.DetailsRequested)
    def _contact_details(self) -> None:
        self.netgoals.show_contact()

    @on(MotivationPane.LogRequested)
    def _log(self) -> None:
        self.netgoals.action_log_activity()

    @on(MotivationPane.SettingsRequested)
    def _settings(self) -> None:
        self.netgoals.action_settings()

    @on(ActivityList.EditRequested)
    def _edit_activity(self) -> None:
        activity = self.activity_list.current
        if activity is not None:
            self.netgoals.action_log_activity(activity)

    @on(ActivityList.DeleteRequested)
    def _delete_activity(self) -> None:
        activity = self.activity_list.current
        if activity is not None:
            self.netgoals.confirm_delete(
                "activity",
                activity.id or 0,
                activity.title,
                " Contacts' last-contacted dates stay as they are.",
            )

    @on(ActivityList.Selected, "#activity-list")
    def _activity_selected(self) -> None:
        self.netgoals.show_activity()
