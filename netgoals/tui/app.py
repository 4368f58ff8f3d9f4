"""The netgoals app: the store, what it reads and writes, and the forms and dialogs it opens
over the main screen (`MainScreen`), where every action is a key."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import events, work
from textual.app import App, SystemCommand
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen

from netgoals.core.clock import Clock, system_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.followups import Followup
from netgoals.core.matching import Matching, match
from netgoals.core.models import Activity, Contact, Event, Link, Objective, Settings
from netgoals.core.motivation import (
    Due,
    ObjectiveEffort,
    Summary,
    due_contacts,
    summarize,
)
from netgoals.core.payback import PAYBACK_WEEKS, Payback, payback, window_start
from netgoals.core.text import drop_controls, has_controls, name_key
from netgoals.core.words import plural
from netgoals.storage import Removed, Store
from netgoals.storage.database import BUSY_TIMEOUT_MS
from netgoals.tui import details, dialogs, memory
from netgoals.tui.main_screen import MainScreen
from netgoals.tui.panes.contacts import ContactList, ContactRow, ContactsPane, make_row
from netgoals.tui.panes.motivation import motivation_content, reading_content
from netgoals.tui.panes.objectives import ObjectiveList
from netgoals.tui.writer import WriteConnection, Writer

if TYPE_CHECKING:
    from netgoals.core.review import Review
    from netgoals.tui.dialogs.form import ModelForm

# the key of each command of the palette, as the key bar shows it
COMMAND_KEYS = {
    "Add objective": "1 a",
    "Add contact": "2 a",
    "Edit": "e",
    "Delete": "d",
    "Undo delete": "u",
    "Filter contacts": "/",
    "Off-goal contacts only": "o",
    "Contacts matching the objective": "m",
    "Link contact to objective": "l",
    "Log an activity": "n",
    "Contacts due a follow-up": "f",
    "Weekly target": "s",
    "Pre-event review": "r",
    "Events": "v",
    "Import contacts": "i",
    "Show details": "enter",
    "Help": "? F1",
    "Contacts who serve a goal": "w",
    "Quit": "q",
}

FIRST_PAGE_FROM = 5_000  # contacts from which the first frame shows a first page only
FIRST_PAGE = 120


@dataclass
class Snapshot:
    """Everything the main screen shows, read in one go (in any thread)."""

    objectives: list[Objective]
    matching: Matching
    rows: list[ContactRow]
    effort: dict[int, ObjectiveEffort]
    summary: Summary
    due: list[Due]
    activities: list[Activity]
    payback: Payback | None = None  # what pays back lately (None until all is read)
    # people met at an event and not followed up yet, those who serve a goal first
    followups: list[Followup] = field(default_factory=list)


def gather(
    store: Store,
    today: date,
    *,
    rows: list[ContactRow] | None = None,
    first_page: int | None = None,
) -> Snapshot:
    """Read the main screen's data from `store`. `rows`: the contact rows, when they are known
    not to have changed; `first_page`: read only that many contact rows and leave the motivation
    figures empty (the rest comes from a second, complete gather)."""
    if rows is None:
        rows = [make_row(*row) for row in store.contact_list(limit=first_page)]
    objectives = store.objectives()
    target = store.settings().weekly_target
    changes = store.weekly_target_changes()
    if first_page:
        # the marks of the rows on the first page only: counts wait for the complete gather
        matching = store.matching(objectives, only=[row.id for row in rows])
        summary = summarize([], today, target, changes)
        return Snapshot(objectives, matching, rows, {}, summary, [], [])
    matching = store.matching(objectives)
    return Snapshot(
        objectives=objectives,
        matching=matching,
        rows=rows,
        effort=store.activity_totals(),
        summary=summarize(store.activity_history(), today, target, changes),
        due=due_contacts(store.cadence_contacts(), today, matching.matched),
        activities=store.recent_activities(),
        payback=payback(
            store.payback_history(window_start(today, PAYBACK_WEEKS)), objectives, today
        ),
        followups=followups_of(store, today, matching),
    )


def followups_of(store: Store, today: date, matching: Matching) -> list[Followup]:
    """The people met at an event who are due a follow-up (see `formats.capture.followups`)."""
    from netgoals.formats.capture import followups

    return followups(store, today, matching)


def due_ids(followups: list[Followup], due: list[Due]) -> list[int]:
    """Whom `f` lists: the people met at an event first (those who serve a goal first, then
    by due date), then the contacts past their keep-in-touch interval, most overdue first."""
    return list(dict.fromkeys([f.contact_id for f in followups] + [d.contact_id for d in due]))


def _name_order(row: ContactRow) -> tuple[bytes, int]:
    """The contacts list's order as the database sorts it: `name COLLATE NOCASE, id`."""
    return name_key(row.name), row.id


def _palette_commands() -> Any:
    """The command palette's commands, imported when it first opens."""
    from netgoals.tui.palette import commands

    return commands()


class NetgoalsApp(App[None]):
    """The app on one open Store."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "netgoals"
    COMMANDS = {_palette_commands}
    command_keys = COMMAND_KEYS  # shown beside each command in the palette

    def __init__(
        self,
        store: Store,
        *,
        demo: bool = False,
        clock: Clock = system_clock,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        """`busy_timeout_ms`: how long a save waits for another program holding the write
        lock before it is refused (and can be tried again)."""
        super().__init__()
        self.store = store  # read on the interface's thread; writes go through `writes`
        self.writes = WriteConnection(store.path, clock, busy_timeout_ms, store.passphrase)
        self.writer = Writer()  # the main screen's
        self.idle_collection = memory.IdleCollection(self)
        self.demo = demo
        self.clock = clock
        self.matching: Matching = match([], [], [], {})
        self.objectives: list[Objective] = []
        self.undo_stack: list[Removed] = []
        self.effort: dict[int, ObjectiveEffort] = {}
        self.summary: Summary = summarize([], self.clock().date(), 2)
        self.summary_day: date | None = None
        self.due: list[Due] = []
        self.payback: Payback | None = None
        self.followups: list[Followup] = []
        self.total = 0  # contacts in the database, known before they are all read
        # While a large network loads, each reload starts a newer read of the whole of it;
        # only the newest one's result is shown.
        self._reads = 0
        self._whole: Matching | None = None
        self._damage_shown: set[str] = set()
        self._thresholds: tuple[int, ...] | None = None  # the collector's, while running
        self._forms: dict[tuple[type, type], ModelForm[Any]] = {}  # built once, opened again
        store.on_damage = self._damaged

    @property
    def _background_screens(self) -> list[Screen[Any]]:
        """The screens that show through the top one. Textual counts the screen under the top
        one whatever the top one's backdrop, so under an opaque dialog each repaint of the
        hidden main screen (Textual repaints it as it is covered) was passed on to the dialog
        as a repaint of the whole of it: a frame more for every opening. Under an opaque
        screen none shows; a hidden screen is laid out and painted again as it shows."""
        if len(self._screen_stack) > 1 and self.screen.styles.background.a == 1:
            return []
        return super()._background_screens

    # No control character reaches the terminal: what the database holds is cleaned as it is
    # read (by the models), and what comes from anywhere else is cleaned where it enters the
    # app: the header's title and sub-title (a path), notifications (which may quote a file,
    # a path or an error) and pasted text. (Cleaning each line as it is drawn, with a line
    # filter, would cost a new Strip for every line of every frame.)

    def validate_title(self, title: Any) -> str:
        """The header's title, as text without control characters."""
        return drop_controls(str(title))

    def validate_sub_title(self, sub_title: Any) -> str:
        """The header's sub-title (the database's path), as text without control characters."""
        return drop_controls(str(sub_title))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification, its message and title without control characters."""
        super().notify(
            drop_controls(message, keep_lines=True),
            title=drop_controls(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    async def on_event(self, event: events.Event) -> None:
        """Every event as Textual handles it; a paste first loses its control characters
        (the terminal delivers it to the app, which forwards it to the focused widget), and a
        key puts off the collection of closed dialogs until the keys pause."""
        if isinstance(event, events.Paste) and has_controls(event.text):
            event.text = drop_controls(event.text, keep_lines=True)
        elif isinstance(event, events.Key):
            self.idle_collection.postpone()
        await super().on_event(event)

    def get_default_screen(self) -> Screen[Any]:
        """The main screen: the panes and their keys."""
        return MainScreen()

    @property
    def main(self) -> MainScreen:
        """The main screen (at the bottom of the stack, whatever is open over it)."""
        return cast(MainScreen, self.screen_stack[0])

    def on_mount(self) -> None:
        # full collections only when the screen is rebuilt anyway (see memory.py)
        self._thresholds = memory.hold_full_collections()
        # "demo" first: a narrow terminal cuts the end of the header, where the path ends
        self.sub_title = f"{'demo · ' if self.demo else ''}{self.store.path}"
        for notice in self.store.notices:  # what was put right when the file was opened
            self.notify(notice, markup=False)

    def start(self) -> None:
        """Fill the main screen, once it is composed, from the database."""
        self.total = self.store.contact_count()
        if self.total > FIRST_PAGE_FROM:
            # A large network: draw the first page now, read the rest in the background.
            self._apply(gather(self.store, self.clock().date(), first_page=FIRST_PAGE))
            self.call_after_refresh(self.load_everything, self._reads)  # after the first frame
        else:
            self.reload()
        self.contact_list.focus()

    @work(thread=True, exclusive=True, group="load")
    def load_everything(self, read: int) -> None:
        """Read the whole network on a connection of its own (keys keep answering)."""
        with self.store.another() as reader:
            reader.on_damage = lambda notice: self.call_from_thread(self._damaged, notice)
            snapshot = gather(reader, self.clock().date())
        self.call_from_thread(self._read_arrived, snapshot, read)

    def _read_arrived(self, snapshot: Snapshot, read: int) -> None:
        if read != self._reads:
            return  # something was saved since this read began: a newer one is under way
        self._whole = None
        self._apply(snapshot)

    def _damaged(self, notice: str) -> None:
        """A record the database holds damaged was left out: say so, once."""
        if notice not in self._damage_shown:
            self._damage_shown.add(notice)
            self.notify(notice, title="Damaged record left out", severity="warning", markup=False)

    @property
    def loading(self) -> bool:
        """A large network is loading: the screen holds its first page, matched alone, and a
        worker reads the rest."""
        return not self.matching.complete

    def whole_matching(self) -> Matching:
        """The matching of every contact: the one on screen, or, while a large network is
        still loading and only its first page is matched, one made when first asked for
        (for what speaks of the whole network: an objective's members, the review)."""
        if not self.loading:
            return self.matching
        if self._whole is None:
            self._whole = self.store.matching(self.objectives)
        return self._whole

    @property
    def contacts_pane(self) -> ContactsPane:
        return self.main.contacts_pane

    @property
    def contact_list(self) -> ContactList:
        return self.main.contact_list

    @property
    def objective_list(self) -> ObjectiveList:
        return self.main.objective_list

    # --- data -------------------------------------------------------------------------------

    def reload(self, *, contacts: bool = True) -> None:
        """Read what the screen shows from the database again (after any change). The contact
        rows are read again only when `contacts` may have changed."""
        if self.loading:  # show the change on the first page, and read everything again
            self._reads += 1
            self._whole = None
            self._apply(gather(self.store, self.clock().date(), first_page=FIRST_PAGE))
            self.load_everything(self._reads)
            return
        keep = None if contacts else self.contacts_pane.all_rows or None
        self._apply(gather(self.store, self.clock().date(), rows=keep))

    def _apply(self, snapshot: Snapshot, *, settle: bool = True) -> None:
        """Show what `gather` read."""
        current = self.objective_list.current
        self.objectives = snapshot.objectives
        self.matching = snapshot.matching
        self.effort = snapshot.effort
        self.summary = snapshot.summary
        self.summary_day = self.clock().date()  # the day it was gathered for, give or take
        self.due = snapshot.due
        self.payback = snapshot.payback
        self.followups = snapshot.followups
        activities = self.main.activity_list
        if snapshot.activities is not activities.records:  # the very list shown: no new layout
            kept = activities.current
            activities.show(snapshot.activities, kept.id if kept else None)
        self.objective_list.show_all(
            self.objectives, self.matching, current.id if current else None
        )
        self.contacts_pane.load(
            snapshot.rows,
            self.matching.offgoal_set,
            due_ids(self.followups, self.due),
            self.total if self.loading else len(self.matching.contact_ids),
            counted=not self.loading,
        )
        self.main.retitle_objectives(self.matching)
        self.objective_changed()
        if settle and snapshot.matching.complete:
            memory.settle()

    def objective_changed(self) -> None:
        """The objective under the cursor changed: the contacts it matches and the motivation
        pane follow it."""
        objective = self.objective_list.current
        members = self.matching.members.get(objective.id or 0, set()) if objective else set()
        pane = self.contacts_pane
        pane.set_members(members)
        if pane.objective_only is not None and objective is not None:
            pane.objective_only = (objective.id or 0, objective.title)
        self._refresh_motivation()

    def _refresh_motivation(self) -> None:
        if self.loading:
            self.main.motivation_view.show(reading_content(self.total))
            return
        self.main.motivation_view.show(
            motivation_content(
                self.summary,
                self.matching.objectives,
                self.effort,
                self.due,
                self.objective_list.current,
                self.payback,
                self.followups,
                self.clock().date(),
            )
        )

    def current_contact(self) -> Contact | None:
        """The contact under the cursor of the contacts list, read in full."""
        row = self.contact_list.current
        return self.store.contact(row.id) if row else None

    def on_unmount(self) -> None:
        self.writes.close()
        # hand what was set aside back to the collector when the app closes
        if self._thresholds is not None:
            memory.release_full_collections(self._thresholds)

    def _save(
        self,
        write: Callable[[Store], Any],
        done: str,
        *,
        contacts: bool = True,
        then: Callable[[Any], None] | None = None,
    ) -> None:
        """Run one write (given the store to write through) in a worker thread, the keys
        answering meanwhile; then show what happened and call `then` with its result, or show
        the one-line reason it was refused. `contacts`: whether the write may have changed
        the contacts list itself."""

        def landed(result: Any) -> None:
            self._written(done, contacts=contacts)
            if then is not None:
                then(result)

        def refused(error: BaseException) -> None:
            if not isinstance(error, NetgoalsError):
                raise error
            self.notify(str(error), title="Not saved", severity="error", markup=False)

        # the writer of the screen on top: a test waits for it as for the screen's own work
        writers = self.screen.query(Writer)
        writer = writers.first() if writers else self.writer
        writer.submit(lambda: self.writes.run(write), landed, refused)

    def _written(
        self, done: str, *, contacts: bool = True, changed_contacts: list[int] | None = None
    ) -> None:
        """Show a change that has landed. `changed_contacts`: the change was to these contacts
        alone (saved, added or deleted): only they are read and matched again, not the whole
        network."""
        if changed_contacts is not None and not self.loading:
            self._contacts_changed(changed_contacts)
        else:
            self.reload(contacts=contacts)
        self.notify(done, markup=False)

    def _contacts_changed(self, contact_ids: list[int]) -> None:
        """Show what `reload` would after a change to `contact_ids` alone, in time that does
        not grow with the network: their rows read again, they alone matched again, and the
        matching, counts, rows and follow-ups on screen patched."""
        store, ids = self.store, set(contact_ids)
        fresh = [make_row(*row) for row in store.contact_list(only=contact_ids)]
        present = [row.id for row in fresh]  # the others were deleted
        rows = [row for row in self.contacts_pane.all_rows if row.id not in ids]
        for row in fresh:  # in the database's order: name (ASCII case ignored), then id
            bisect.insort(rows, row, key=_name_order)
        matching = self.matching.with_contacts(
            store.matching(self.objectives, only=present),
            removed=ids.difference(present),
            contact_ids=[row.id for row in rows],
            in_place=True,  # the screen's own matching: nothing else holds it meanwhile
        )
        today = self.clock().date()
        due = [d for d in self.due if d.contact_id not in ids]
        for late in due_contacts(store.cadence_contacts(only=present), today, matching.matched):
            # in the order due_contacts gives: most overdue first, then by name
            bisect.insort(
                due, late, key=lambda d: (-d.overdue_days, d.name.casefold(), d.contact_id)
            )
        self.total = len(rows)
        activities = self.main.activity_list.records
        # the people met at events are few: their follow-ups are simply read again
        followups = followups_of(store, today, matching)
        # no collection here: it would walk the whole network again for one contact's change
        self._apply(
            Snapshot(
                self.objectives,
                matching,
                rows,
                self.effort,
                self.summary,
                due,
                activities,
                self.payback,
                followups,
            ),
            settle=False,
        )

    def _open_form(
        self,
        form: ModelForm[Any],
        write: Callable[[Store, Any, Any, frozenset[str]], Any],
        saved: Callable[[Any], None],
    ) -> None:
        """Open `form`, which saves through `write(store, original, edited, keep_mine)` in a
        worker thread and closes once that has landed; then `saved(result)`."""
        form = self._built_form(form)
        form.write = lambda original, edited, keep: self.writes.run(
            lambda store: write(store, original, edited, keep)
        )

        def closed(result: Any) -> None:
            if result is not None:
                saved(result)

        self.push_screen(form, closed)

    def _built_form(self, form: ModelForm[Any]) -> ModelForm[Any]:
        """`form`, or the form of its kind built at an earlier opening made to show what
        `form` would: composing and styling a form's widgets is most of its opening. One form
        of each kind is kept; one whose fields differ now is replaced."""
        key = (type(form), form.model)
        built = self._forms.get(key)
        if built is not None and built in self.screen_stack:
            return form  # open already, under this one: this one is used once
        if built is not None and built.fits(form):
            built.take(form)
            return built
        if built is not None:
            self.uninstall_screen(built)
            built.remove()
        self._forms[key] = form
        self.install_screen(form, f"form-{id(form)}")
        return form

    # --- details ----------------------------------------------------------------------------

    def show_activity(self) -> None:
        """The details of the activity under the cursor."""
        activity = self.main.activity_list.current
        if activity is None:
            return
        titles = {o.id: o.title for o in self.objectives}
        with_whom = [self.store.contact(i) for i in activity.contact_ids]  # a few, not 30,000
        body = details.activity_body(activity, titles, [c.name for c in with_whom if c])
        keys = Content.assemble(("e", "bold"), " edit   ", ("escape", "bold"), " close")

        def chosen(choice: str | None) -> None:
            if choice == "edit":
                self.action_log_activity(activity)

        self.push_screen(
            dialogs.DetailsScreen(activity.title, body, keys, choices=("edit",)), chosen
        )

    def show_contact(self) -> None:
        """The details of the contact under the cursor."""
        row = self.contact_list.current
        if row is not None:
            self.show_contact_by_id(row.id)

    def show_contact_by_id(self, contact_id: int) -> None:
        """The details of one contact: each objective it serves, and why."""
        contact = self.store.contact(contact_id)
        if contact is None:
            return
        body = details.contact_body(
            contact,
            self.store.explain(self.matching, contact.id or 0),
            {o.id: o.title for o in self.objectives},
            has_active_objective=self.matching.has_active_objective,
        )
        keys = Content.assemble(
            ("e", "bold"), " edit   ", ("l", "bold"), " link   ", ("escape", "bold"), " close"
        )

        def chosen(choice: str | None) -> None:
            if choice == "edit":
                self.action_edit_contact(contact)
            elif choice == "link":
                self.action_link()

        self.push_screen(
            dialogs.DetailsScreen(contact.name, body, keys, choices=("edit", "link")), chosen
        )

    def show_objective(self) -> None:
        """The details of the objective under the cursor: why, ask, and who matches."""
        objective = self.objective_list.current
        if objective is None:
            return
        people = self.store.contact_summaries() if objective.is_active else {}
        body = details.objective_body(objective, self.whole_matching(), people)
        keys = Content.assemble(("e", "bold"), " edit   ", ("escape", "bold"), " close")

        def chosen(choice: str | None) -> None:
            if choice == "edit":
                self.action_edit_objective(objective)

        self.push_screen(
            dialogs.DetailsScreen(objective.title, body, keys, choices=("edit",)), chosen
        )

    # --- actions: changing ------------------------------------------------------------------

    def action_settings(self) -> None:
        def saved(settings: Settings) -> None:
            self._written(
                "Weekly target: "
                + plural(settings.weekly_target, "activity", "activities")
                + " · follow up "
                + plural(settings.followup_days, "day", "days")
                + " after an event",
                contacts=False,
            )

        self._open_form(
            dialogs.settings_form(self.store.settings()),
            lambda store, _original, settings, _keep: store.save_settings(settings),
            saved,
        )

    def action_edit_objective(self, objective: Objective | None) -> None:
        """Add an objective, or edit `objective`."""
        self._open_form(dialogs.objective_form(objective), _save_edit, self._saved_objective)

    def action_edit_contact(self, contact: Contact | None) -> None:
        """Add a contact, or edit `contact`."""
        self._open_form(
            dialogs.contact_form(contact, self.clock().date()), _save_edit, self._saved_contact
        )

    def _saved_objective(self, objective: Objective) -> None:
        self._written(f"Saved objective {objective.title!r}", contacts=False)
        self._move_objective_cursor(objective.id)

    def _saved_contact(self, contact: Contact) -> None:
        self._written(f"Saved contact {contact.name!r}", changed_contacts=[contact.id or 0])
        self._move_contact_cursor(contact.id)

    def _move_contact_cursor(self, contact_id: int | None) -> None:
        contact_list = self.contact_list
        for index, row in enumerate(contact_list.rows):
            if row.id == contact_id:
                contact_list.cursor = index
                return

    def _move_objective_cursor(self, objective_id: int | None) -> None:
        for index, objective in enumerate(self.objective_list.objectives):
            if objective.id == objective_id:
                self.objective_list.highlighted = index
                return

    def confirm_delete(self, kind: str, item_id: int, name: str, extra: str) -> None:
        """Ask before deleting the `kind` record `item_id` (`name`; `extra`: what else goes or
        stays), then delete it, undoable with u."""
        question = Content.assemble(
            f"Delete {kind} ", (name, "bold"), "?", extra, ("\nu undoes it.", "dim")
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            self._save(
                lambda store: store.delete(kind, item_id),
                f"Deleted {kind} {name!r} (u to undo)",
                then=self._undoable,
            )

        self.push_screen(dialogs.ConfirmDialog(question), answered)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", markup=False)
            return
        removed = self.undo_stack.pop()
        self._save(lambda store: store.restore(removed), f"Restored {removed.label}")

    def _undoable(self, removed: Removed | None) -> None:
        if removed is not None:
            self.undo_stack.append(removed)

    def action_link(self) -> None:
        contact = self.current_contact()
        if contact is None:
            self.notify("Choose a contact first (pane 2).", markup=False)
            return
        if not self.objectives:
            self.notify("State an objective first (pane 1, a).", markup=False)
            return
        links = {
            link.objective_id: link for link in self.store.links() if link.contact_id == contact.id
        }
        current = self.objective_list.current
        form = dialogs.link_form(
            contact, self.objective_list.objectives, links, current.id if current else None
        )

        def write(store: Store, _original: None, link: Link, _keep: frozenset[str]) -> Link:
            if link.relation == dialogs.REMOVE_LINK:
                store.remove_link(link.contact_id, link.objective_id)
            else:
                store.set_link(link)
            return link

        def saved(link: Link) -> None:
            if link.relation == dialogs.REMOVE_LINK:
                self._written(f"Removed the link of {contact.name!r}", contacts=False)
            else:
                self._written(f"Linked {contact.name!r}: {link.relation.value}", contacts=False)

        self._open_form(form, write, saved)

    def action_log_activity(
        self, activity: Activity | None = None, prefill: dict[str, Any] | None = None
    ) -> None:
        """Log an activity (or edit `activity`): the contact under the cursor and the active
        objective under the cursor are chosen already."""
        contact = self.contact_list.current if self.main.contacts_have_focus else None
        current = self.objective_list.current
        form = dialogs.activity_form(
            self.clock().date(),
            self.objective_list.objectives,  # active first
            self._people(),
            activity,
            chosen_objectives=[current.id or 0] if current and current.is_active else [],
            chosen_contacts=[contact.id] if contact else [],
            prefill=prefill,
        )

        def saved(logged: Activity) -> None:
            # contacts too: their last-contacted date may have moved
            self._written(f"{'Saved' if activity else 'Logged'} {logged.title!r}")

        self._open_form(form, _save_edit, saved)

    def action_review(self, event: Event | None = None) -> None:
        """The pre-event review of `event`, or of the next upcoming one."""
        from netgoals.formats.brief import review_from  # with its screen: when first asked

        today = self.clock().date()
        ready = not self.loading  # what the screen holds is the whole network
        try:
            review = review_from(
                self.store,
                today,
                event=event,
                matching=self.whole_matching(),
                summary=self.summary if ready and self.summary_day == today else None,
                # the people by name as the list has them: the first few taken, no other read
                by_name=(lambda rows=self.contacts_pane.all_rows: (r.id for r in rows))
                if ready
                else None,
            )
        except NetgoalsError as error:
            self.notify(str(error), severity="error", markup=False)
            return

        def closed(choice: str | None) -> None:
            if choice == "log":
                self.log_event(review.event, review)
            elif choice == "capture" and review.event is not None:
                self.action_capture(review.event)

        self.push_screen(dialogs.ReviewScreen(review), closed)

    def log_event(self, event: Event | None, review: Review) -> None:
        """Log `event` (or, with none, an evening of networking) as an activity, with what it
        was for and who was expected already chosen."""
        targeted = [b.objective.id or 0 for b in review.objectives]
        targeted += [g.id or 0 for g in review.gaps]
        prefill: dict[str, Any] = {"objective_ids": targeted}
        if event is not None:
            prefill |= {
                "title": event.name,
                "date": event.start_date,
                "contact_ids": list(event.contact_ids),
            }
        self.action_log_activity(prefill=prefill)

    def action_events(self) -> None:
        self.push_screen(
            dialogs.EventsScreen(
                self.store.events,
                lambda: {o.id or 0: o.title for o in self.objectives},
                self.clock().date(),
                self._event_action,
            )
        )

    def _people(self) -> list[tuple[int, str, str]]:
        """Every contact as a choice for a picker: (id, label, folded search text)."""
        rows = self.contacts_pane.all_rows
        if self.loading:  # a large network still loading: read them all now
            rows = [make_row(*row) for row in self.store.contact_list()]
        return [
            (
                row.id,
                f"{row.name} · {row.organization}" if row.organization else row.name,
                row.folded,
            )
            for row in rows
        ]

    def _refresh_events_screen(self) -> None:
        if isinstance(self.screen, dialogs.EventsScreen):
            self.screen.refresh_events()

    def action_capture(self, event: Event) -> None:
        """Open the capture of the people met at `event`: each line typed is saved at once."""
        from netgoals.formats.capture import capture, serving

        def write(line: str) -> Any:  # in the capture's worker thread
            return self.writes.run(lambda store: capture(store, event.id or 0, line))

        def written(contact_id: int) -> list[str]:
            """Show the change; the titles of the active objectives the person serves."""
            if self.loading:
                self.reload()
            else:
                self._contacts_changed([contact_id])
            found = self.store.matching(self.objectives, only=[contact_id])
            titles = {o.id: o.title for o in found.objectives}
            return [titles[i] for i in serving(found, contact_id)]

        # who was marked as met there already, as the capture shows them
        stored = self.store.event(event.id or 0) or event
        matching = self.store.matching(self.objectives, only=stored.met_ids)  # a few people
        titles = {o.id: o.title for o in matching.objectives}
        names = self.store.contact_names_of(stored.met_ids)
        already = [
            (names[i], [titles[o] for o in serving(matching, i) if o in titles])
            for i in stored.met_ids
            if i in names
        ]
        self.push_screen(dialogs.CaptureScreen(stored, write, written, already))

    def _event_action(self, what: str, event: Event | None) -> None:
        if what == "review":
            self.action_review(event)
        elif what == "capture" and event is not None:
            self.action_capture(event)
        elif what in ("add", "edit"):
            form = dialogs.event_form(
                event, self.objective_list.objectives, self._people(), self.clock().date()
            )

            def saved(changed: Event) -> None:
                self._written(f"Saved event {changed.name!r}", contacts=False)
                self._refresh_events_screen()

            self._open_form(form, _save_edit, saved)
        elif what == "delete" and event is not None:

            def answered(yes: bool | None) -> None:
                if not yes:
                    return

                def deleted(removed: Removed | None) -> None:
                    self._undoable(removed)
                    self._refresh_events_screen()

                self._save(
                    lambda store: store.delete("event", event.id or 0),
                    f"Deleted event {event.name!r} (u to undo)",
                    contacts=False,
                    then=deleted,
                )

            question = Content.assemble(
                "Delete event ",
                (event.name, "bold"),
                "?",
                ("\nu undoes it (from the main screen).", "dim"),
            )
            self.push_screen(dialogs.ConfirmDialog(question), answered)

    def action_import_file(self) -> None:

        def closed(imported: bool | None) -> None:
            if imported:
                self.reload()

        self.push_screen(dialogs.ImportScreen(self.store.path, self.store.passphrase), closed)

    def action_help(self) -> None:

        self.push_screen(dialogs.HelpScreen())

    # --- the command palette ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        commands: list[tuple[str, str, Callable[[], Any]]] = [
            (
                "Add objective",
                "State a new objective",
                lambda: self.action_edit_objective(None),
            ),
            (
                "Add contact",
                "Add a person to your network",
                lambda: self.action_edit_contact(None),
            ),
            (
                "Edit",
                "Edit the objective or contact under the cursor",
                lambda: self.main.pane_action("edit"),
            ),
            (
                "Delete",
                "Delete the objective or contact under the cursor",
                lambda: self.main.pane_action("delete"),
            ),
            ("Undo delete", "Put back the last thing deleted", self.action_undo),
            (
                "Filter contacts",
                "Type to filter by name, organisation, role, tags",
                self.main.action_filter,
            ),
            (
                "Off-goal contacts only",
                "Toggle: contacts serving no active objective",
                self.main.action_toggle_offgoal,
            ),
            (
                "Contacts matching the objective",
                "Toggle: only the selected objective's matches",
                self.main.action_toggle_matching,
            ),
            ("Link contact to objective", "helps / introduces / excluded", self.action_link),
            ("Log an activity", "What networking cost and paid back", self.action_log_activity),
            (
                "Contacts due a follow-up",
                "Toggle: people met at an event, then serving contacts past their"
                " keep-in-touch interval",
                self.main.action_toggle_due,
            ),
            (
                "Weekly target",
                "Settings: how many activities a week you aim for, from this week on, and how many"
                " days after an event a follow-up is due",
                self.action_settings,
            ),
            (
                "Contacts who serve a goal",
                "Toggle: the contacts serving an active objective, with the objectives each serves",
                self.main.action_toggle_serving,
            ),
            ("Pre-event review", "Your asks, the people to seek, the gaps", self.action_review),
            ("Events", "Where you are going: add, edit, delete, review", self.action_events),
            (
                "Import contacts",
                "From LinkedIn, a vCard file, Google or a backup",
                self.action_import_file,
            ),
            (
                "Show details",
                "Of the objective or contact under the cursor",
                lambda: self.main.pane_action("details"),
            ),
            ("Help", "Every key, grouped by pane, and how netgoals works", self.action_help),
        ]
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)


def _save_edit(store: Store, original: Any, edited: Any, keep_mine: frozenset[str]) -> Any:
    """A form's record saved: only what the form changed, asking about what changed elsewhere."""
    return store.save_edit(original, edited, keep_mine=keep_mine)


def run_app(store: Store, *, demo: bool = False, clock: Clock = system_clock) -> None:
    """Open the app on `store` and return when the user quits."""
    NetgoalsApp(store, demo=demo, clock=clock).run()
