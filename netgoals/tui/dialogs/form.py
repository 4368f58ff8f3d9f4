"""A modal form for any model: ctrl+s saves, escape cancels, refused values shown by their field.

Each field sits in a row with its label above it and its refusal (if any) under it; the
column scrolls whole rows into view, so a field is never shown without its label and message.
Escape asks before throwing away anything typed.

Validation is the model's own, so the form refuses exactly what every other entry point does.
Given a `write`, the form saves through it in a worker thread and stays open, with everything
typed, until the write has succeeded: a refusal (a busy database, a record changed or deleted
elsewhere meanwhile, a value the database refuses) is shown in the form, and ctrl+s tries again.
Without one, it is dismissed with the valid model and the caller saves it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Offset, Region
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import format_when, problems
from netgoals.storage import Conflict, Gone
from netgoals.tui.dialogs.base import Dialog
from netgoals.tui.dialogs.oneline import OneLineInput
from netgoals.tui.dialogs.picker import Picker
from netgoals.tui.writer import Writer

M = TypeVar("M", bound=BaseModel)

SAY_SAVING_AFTER = 0.3  # seconds a save may take before the form says it is saving


@dataclass(frozen=True)
class Field:
    """One field of a form.

    kind: "input" (one line), "text" (several lines), "select" (one of `options`),
    "words" (a comma-separated list), "lines" (a list, one item per line),
    "checks" (several of `options`, stored as a list of their values),
    "pick" (several of many `options` (id, label, folded text), chosen by typing).
    """

    name: str
    label: str
    kind: str = "input"
    options: Sequence[tuple[str, Any]] = ()
    placeholder: str = ""

    @property
    def short(self) -> str:
        """The field's name as a refusal names it: its label before any " — " or " (" ."""
        return self.label.split(" — ")[0].split(" (")[0].strip() or self.label


def shown_value(value: Any) -> str:
    """A model value as the text a person edits."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_when(value).replace("T", " ")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):  # an enum
        return str(value.value)
    return str(value)


def _text(spec: Field, value: Any) -> str:
    """A value as the text of the field `spec` that edits it."""
    if spec.kind == "words":
        return ", ".join(value or [])
    if spec.kind == "lines":
        return "\n".join(value or [])
    return shown_value(value)


class FormTitle(Widget):
    """The form's title, in bold."""

    DEFAULT_CSS = "FormTitle { height: auto; }"

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(id=id)
        self.title = Content.styled(title, "bold")

    def render(self) -> Content:
        return self.title

    def show(self, title: str) -> None:
        """Show `title` instead; laid out again only if either is longer than a line (a
        layout pass of the whole form is a frame's worth of time)."""
        old, self.title = self.title, Content.styled(title, "bold")
        width = self.content_region.width
        self.refresh(layout=max(old.cell_length, self.title.cell_length) > width)


class FieldRow(Vertical):
    """One field with its label above it and its refusal, when there is one, under it."""


class FormFields(VerticalScroll, can_focus=False):
    """The scrolling column of fields: tab goes from field to field, never to the column.

    Whatever asks to see part of a field (the focus moving to it, a refusal shown under it)
    is shown the field's whole row, label and message included, when the row fits."""

    def scroll_to_region(self, region: Region, **options: Any) -> Offset:
        for row in self.query_children(FieldRow):
            whole = row.virtual_region_with_margin
            if whole.contains_region(region):
                if whole.height <= self.scrollable_content_region.height:
                    region = whole
                break
        return super().scroll_to_region(region, **options)


# (the record as the form opened it, or None for a new one; the record as edited; the fields
# whose value here wins over one changed elsewhere) -> the record as saved. Blocks: the form
# runs it in a worker thread.
Write = Callable[[Any, Any, frozenset[str]], Any]


class ModelForm(Dialog[M | None], Generic[M]):
    """Edit `initial` (or a new model) through `fields`; dismissed with the valid model or None."""

    status: reactive[str] = reactive("", init=False)
    """What the form says about its save ("" when nothing): shown under the fields."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        # not a priority: an open dropdown (a Select's, a picker's matches) closes first
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        model: type[M],
        fields: Sequence[Field],
        initial: dict[str, Any],
        *,
        check: Callable[[M], dict[str, str]] | None = None,
        original: M | None = None,
    ) -> None:
        """`original`: the record being edited, as read when the form opened (None for a new
        one): a save changes only what was changed here, and asks when that also changed
        elsewhere meanwhile."""
        super().__init__()
        self.form_title = title
        self.model = model
        self.fields = list(fields)
        self.initial = initial
        self.check = check
        self.original = original
        self.write: Write | None = None  # set by whoever opens the form to save through it
        self.saving = False
        self.opened_with: dict[str, Any] = {}  # the values shown when opened (or last saved)
        self._say_saving: Timer | None = None
        self._styled_for: str | None = None  # the theme when last hidden (None: never shown)

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield FormTitle(self.form_title, id="form-title")
            with FormFields(id="form-fields"):
                for spec in self.fields:
                    with FieldRow(id=f"row-{spec.name}"):
                        yield Label(Content(spec.label), classes="form-label")
                        yield self._widget(spec)
                        yield Static("", id=f"error-{spec.name}", classes="form-error")
            yield Static("", id="error-form", classes="form-error")
            yield Static("", id="form-status", classes="form-error")
            yield Writer()
            yield Static(
                Content.assemble(("ctrl+s", "bold"), " save   ", ("escape", "bold"), " cancel"),
                id="form-keys",
            )

    def _start_value(self, spec: Field) -> Any:
        """The value field `spec` starts with: the record's, else the model's default (for a
        choice, else its first option)."""
        value = self.initial.get(spec.name, self._default(spec.name))
        if spec.kind == "select" and value is None:
            return spec.options[0][1]
        return value

    def _widget(self, spec: Field) -> Widget:
        value = self._start_value(spec)
        wid = f"field-{spec.name}"
        if spec.kind == "text":
            area = TextArea(shown_value(value), id=wid, soft_wrap=True, tab_behavior="focus")
            area.show_line_numbers = False
            return area
        if spec.kind == "select":
            return Select(
                [(label, option) for label, option in spec.options],
                value=value,
                allow_blank=False,
                id=wid,
            )
        if spec.kind == "pick":
            return Picker(spec.options, value or [], id=wid)
        if spec.kind == "checks":
            chosen = set(value or [])
            return SelectionList[Any](
                *(
                    Selection(Content(label), option, option in chosen)
                    for label, option in spec.options
                ),
                id=wid,
            )
        if spec.kind == "lines":
            area = TextArea(_text(spec, value), id=wid, tab_behavior="focus")
            area.show_line_numbers = False
            return area
        return OneLineInput(_text(spec, value), placeholder=spec.placeholder, id=wid)

    def fill(self, name: str, value: Any) -> None:
        """Put a model value into the field `name`, as if typed."""
        spec = next(s for s in self.fields if s.name == name)
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            text = _text(spec, value)
            if widget.text != text:
                widget.text = text  # its undo history cleared with it
            else:
                widget.history.clear()
                widget.move_cursor((0, 0))
        elif isinstance(widget, Select):
            widget.value = value.value if hasattr(value, "value") else value
        elif isinstance(widget, Picker):
            widget.set_value(value or [])
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for option in value or []:
                widget.select(option)
        elif isinstance(widget, Input):
            widget.value = _text(spec, value)  # a value unchanged is not set again

    def _default(self, name: str) -> Any:
        info = self.model.model_fields.get(name)
        if info is None or info.is_required():
            return None
        return info.get_default(call_default_factory=True)

    def on_mount(self) -> None:
        if self.app.is_headless:  # steady screenshots in tests
            for field_input in self.query(Input):
                field_input.cursor_blink = False
        self._opened()

    def on_screen_suspend(self) -> None:
        self._styled_for = self.app.theme

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles every widget of a screen shown again, in case the styles changed
        # while it was hidden: most of the time a reused form takes to open. Only a change of
        # theme changes them (a class changed meanwhile restyles its widget by itself).
        if self._styled_for == self.app.theme:
            event.refresh_styles = False

    def _opened(self) -> None:
        """The form as it starts: the cursor in the first field, nothing counted as changed."""
        self.opened_with = self.values()
        first = self.query("FieldRow > Input, FieldRow > TextArea, FieldRow > Select, Picker Input")
        if first:
            # at once, not after the form is shown: moving the focus later is another frame
            self.set_focus(first.first(), scroll_visible=False)

    def fits(self, other: ModelForm[Any]) -> bool:
        """Whether this form, already built, can be opened again to show `other` (a form made
        for an opening and never shown): the same kind of form with the same fields."""
        return (
            type(self) is type(other) and self.model is other.model and self.fields == other.fields
        )

    def take(self, other: ModelForm[M]) -> None:
        """Become `other` (see `fits`) as it would open: its title, record, values and checks,
        with nothing left of an earlier opening (typed text, undo history, refusals, status,
        scroll position, an open dropdown or search); saving through no `write` until given
        one. Reusing a built form spares composing and styling its widgets at every opening."""
        self.form_title = other.form_title
        self.initial = other.initial
        self.check = other.check
        self.original = other.original
        self.write = other.write
        self.saving = False
        if self._say_saving is not None:
            self._say_saving.stop()
            self._say_saving = None
        self.query_one(FormTitle).show(self.form_title)
        for error in self.query(".form-error.shown"):
            error.update("")
            error.remove_class("shown")
        self.status = ""
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                widget.expanded = False
            elif isinstance(widget, Picker):
                widget.reset()
            self.fill(spec.name, self._start_value(spec))
            if isinstance(widget, Input):
                widget.cursor_position = len(widget.value)  # where a new field puts it
            elif isinstance(widget, TextArea):
                widget.scroll_home(animate=False, immediate=True)
            elif isinstance(widget, SelectionList):
                widget.highlighted = None
                widget.scroll_home(animate=False, immediate=True)
        self.query_one(FormFields).scroll_home(animate=False, immediate=True)
        self._opened()

    @property
    def changed(self) -> bool:
        """Whether the values differ from those the form opened with (or last saved)."""
        return self.values() != self.opened_with

    def values(self) -> dict[str, Any]:
        """What the form holds now, as values for the model."""
        data: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, TextArea):
                text = widget.text
                data[spec.name] = text.split("\n") if spec.kind == "lines" else text
            elif isinstance(widget, Select):
                data[spec.name] = widget.value
            elif isinstance(widget, Picker):
                data[spec.name] = list(widget.value)
            elif isinstance(widget, SelectionList):
                data[spec.name] = list(widget.selected)
            elif isinstance(widget, Input):
                text = widget.value
                data[spec.name] = text.split(",") if spec.kind == "words" else text
        return data

    def action_save(self) -> None:
        if self.saving:
            self._status("Still saving: waiting for the database…")
            return
        for error in self.query(".form-error.shown"):  # the others are empty already
            error.update("")
            error.remove_class("shown")
        model = self.validated()
        if model is None:
            return
        if self.write is None:
            self.dismiss(model)
            return
        self._submit(model, frozenset())

    def validated(self) -> M | None:
        """The model the form holds now, or None after showing why it is refused."""
        model, refused = self._checked()
        if model is None:
            self._show(refused)
        return model

    def _checked(self) -> tuple[M | None, dict[str, str]]:
        """The model the form holds now, or None and what is refused (path -> message)."""
        data = {**self.initial, **self.values()}
        try:
            model = self.model.model_validate(data)
        except ValidationError as error:
            return None, dict(problems(error))
        if self.check is not None:
            refused = self.check(model)
            if refused:
                return None, refused
        return model, {}

    def _by_field(self, refused: dict[str, str]) -> dict[str, str]:
        """`refused` (path -> message) as field name -> message, in the form's order; what
        belongs to no field is under "form"."""
        names = {spec.name for spec in self.fields}
        found: dict[str, str] = {}
        for path, message in refused.items():
            name = path.split("[")[0].split(".")[0]
            if name in names:
                found.setdefault(name, message)
            else:
                found.setdefault("form", f"{self._label(name)}: {message}")
        order = [spec.name for spec in self.fields] + ["form"]
        return {name: found[name] for name in order if name in found}

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    @on(Picker.Changed)
    def _edited(self, event: Any) -> None:
        """A shown refusal goes (or says what is wrong now) once its field is edited."""
        name = (event.control.id or "").removeprefix("field-")
        boxes = self.query(f"#error-{name}.shown") if name else None
        if not boxes:
            return
        message = self._by_field(self._checked()[1]).get(name)
        if message is None:
            boxes.first(Static).update("")
            boxes.first(Static).remove_class("shown")
        else:
            boxes.first(Static).update(self._refusal(name, message))

    def _status(self, text: str) -> None:
        self.status = text

    def watch_status(self, text: str) -> None:
        shown = self.query_one("#form-status", Static)
        shown.update(Content(text))
        shown.set_class(bool(text), "shown")

    def _submit(self, model: M, keep_mine: frozenset[str]) -> None:
        """Write `model` in a worker thread; the form stays open until it has landed."""
        write = self.write
        assert write is not None
        self.saving = True
        # said only if the write takes a while: showing it moves the form's layout, a
        # redraw of the whole screen that would otherwise delay every save
        self._say_saving = self.set_timer(SAY_SAVING_AFTER, self._still_saving)
        original = self.original
        typed = self.values()

        def done(saved: Any) -> None:
            self.saving = False
            if self.values() != typed:
                # typed on while the save waited: keep the form, now editing what was saved
                self._rebase(saved)
                self.opened_with = typed
                self._status("Saved. You changed more since: ctrl+s saves that too.")
                return
            self._status("")
            self.dismiss(saved)

        def failed(error: BaseException) -> None:
            self.saving = False
            self._status("")
            if isinstance(error, Conflict):
                self._ask_conflict(model, error)
            elif isinstance(error, Gone):
                self._ask_gone(model, error)
            elif isinstance(error, NetgoalsError):
                self._status(f"✗ Not saved: {error}. Your values are still here: ctrl+s saves.")
            else:
                self._status(f"✗ Not saved ({type(error).__name__}: {error}).")

        self.query_one(Writer).submit(lambda: write(original, model, keep_mine), done, failed)

    def _still_saving(self) -> None:
        if self.saving and not self.status:
            self._status("Saving…")

    def _rebase(self, saved: Any) -> None:
        """Go on editing `saved` (a record just saved), keeping what is typed in the form."""
        if isinstance(saved, BaseModel) and getattr(saved, "id", None) is not None:
            self.original = saved  # type: ignore[assignment]
            self.initial = saved.model_dump()

    def _label(self, name: str) -> str:
        return next((s.label for s in self.fields if s.name == name), name)

    def _ask_conflict(self, model: M, conflict: Conflict) -> None:
        from netgoals.tui.dialogs.conflict import ConflictDialog

        specs = {s.name: s for s in self.fields}
        rows = []
        for name, (mine, theirs) in conflict.fields.items():
            spec = specs.get(name, Field(name, name))
            rows.append((self._label(name), _text(spec, mine), _text(spec, theirs)))

        def answered(answer: str | None) -> None:
            if answer == "mine":
                self._submit(model, frozenset(conflict.fields))
            elif answer == "theirs":
                # their values in the form, and counted as where this edit started from
                theirs = {name: value for name, (_mine, value) in conflict.fields.items()}
                for name, value in theirs.items():
                    if name in specs:
                        self.fill(name, value)
                if self.original is not None:
                    self.original = self.original.model_copy(update=theirs)
                self.initial = {**self.initial, **theirs}
                self._submit(model.model_copy(update=theirs), frozenset())
            else:
                names = ", ".join(self._label(name) for name in conflict.fields)
                self._status(
                    f"Changed elsewhere meanwhile: {names}. ctrl+s asks again what to keep."
                )

        self.app.push_screen(ConflictDialog(conflict.kind, rows), answered)

    def _ask_gone(self, model: M, gone: Gone) -> None:
        from netgoals.tui.dialogs.conflict import GoneDialog

        name = str(getattr(model, "name", None) or getattr(model, "title", ""))

        def answered(answer: str | None) -> None:
            if answer == "add":
                self.original = None
                self._submit(model, frozenset())
            elif answer == "discard":
                self.dismiss(None)
            else:
                self._status(f"This {gone.kind} was deleted elsewhere. ctrl+s asks again.")

        self.app.push_screen(GoneDialog(gone.kind, name), answered)

    def _refusal(self, name: str, message: str) -> Content:
        """A refusal as shown: it names its field, so it reads right wherever it is seen."""
        spec = next((s for s in self.fields if s.name == name), None)
        text = message if spec is None else f"{spec.short}: {message}"
        return Content.assemble(("✗ ", "bold"), text)

    def _show(self, refused: dict[str, str]) -> None:
        """Show each refusal under its field; move the cursor to the first refused field (in
        the form's order) and scroll its row, label and message, into view."""
        first: Widget | None = None
        for name, message in self._by_field(refused).items():
            box = self.query_one(f"#error-{name}", Static)
            box.update(self._refusal(name, message))
            box.add_class("shown")
            if first is None and name != "form":
                first = self.query_one(f"#field-{name}")
        if first is not None:
            first.focus(scroll_visible=False)
            # once the message is laid out under it: the row then includes it
            fields = self.query_one(FormFields)
            self.call_after_refresh(fields.scroll_to_widget, first, animate=False)

    def action_cancel(self) -> None:
        """Close the form; if anything was changed, ask first (no by default)."""
        if self.saving:  # the write may still land: say so rather than pretend it did not
            self._status("Still saving: waiting for the database… (escape once it is done)")
            return
        if not self.changed:
            self.dismiss(None)
            return
        from netgoals.tui.dialogs.confirm import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = Content.assemble(
            ("Discard changes?", "bold"), "\nWhat you typed in this form is not saved."
        )
        self.app.push_screen(
            ConfirmDialog(question, default=False, yes="discard", no="keep editing"), answered
        )
