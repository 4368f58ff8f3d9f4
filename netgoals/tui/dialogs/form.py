"""A modal form for any model: ctrl+s saves, escape cancels, refused values shown by their field.

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
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import format_when, problems
from netgoals.storage import Conflict, Gone
from netgoals.tui.dialogs.base import Dialog
from netgoals.tui.dialogs.picker import Picker
from netgoals.tui.writer import Writer

M = TypeVar("M", bound=BaseModel)


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


class FormFields(VerticalScroll, can_focus=False):
    """The scrolling column of fields: tab goes from field to field, never to the column."""


# (the record as the form opened it, or None for a new one; the record as edited; the fields
# whose value here wins over one changed elsewhere) -> the record as saved. Blocks: the form
# runs it in a worker thread.
Write = Callable[[Any, Any, frozenset[str]], Any]


class ModelForm(Dialog[M | None], Generic[M]):
    """Edit `initial` (or a new model) through `fields`; dismissed with the valid model or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
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

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Content.styled(self.form_title, "bold"), id="form-title")
            with FormFields(id="form-fields"):
                for spec in self.fields:
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

    def _widget(self, spec: Field) -> Widget:
        value = self.initial.get(spec.name, self._default(spec.name))
        wid = f"field-{spec.name}"
        if spec.kind == "text":
            area = TextArea(shown_value(value), id=wid, soft_wrap=True, tab_behavior="focus")
            area.show_line_numbers = False
            return area
        if spec.kind == "select":
            return Select(
                [(label, option) for label, option in spec.options],
                value=value if value is not None else spec.options[0][1],
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
        return Input(_text(spec, value), placeholder=spec.placeholder, id=wid)

    def fill(self, name: str, value: Any) -> None:
        """Put a model value into the field `name`, as if typed."""
        spec = next(s for s in self.fields if s.name == name)
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            widget.text = _text(spec, value)
        elif isinstance(widget, Select):
            widget.value = value.value if hasattr(value, "value") else value
        elif isinstance(widget, Picker):
            widget.value = [c for c in value or [] if c in widget.labels]
            widget._refresh("")
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for option in value or []:
                widget.select(option)
        elif isinstance(widget, Input):
            widget.value = _text(spec, value)

    def _default(self, name: str) -> Any:
        info = self.model.model_fields.get(name)
        if info is None or info.is_required():
            return None
        return info.get_default(call_default_factory=True)

    def on_mount(self) -> None:
        if self.app.is_headless:  # steady screenshots in tests
            for field_input in self.query(Input):
                field_input.cursor_blink = False
        first = self.query(
            "#form-fields > Input, #form-fields > TextArea, #form-fields > Select, "
            "#form-fields > Picker"
        )
        if first:
            first.first().focus()

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
        for error in self.query(".form-error"):
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
        data = {**self.initial, **self.values()}
        try:
            model = self.model.model_validate(data)
        except ValidationError as error:
            self._show(dict(problems(error)))
            return None
        if self.check is not None:
            refused = self.check(model)
            if refused:
                self._show(refused)
                return None
        return model

    def _status(self, text: str) -> None:
        status = self.query_one("#form-status", Static)
        status.update(Content(text))
        status.set_class(bool(text), "shown")

    def _submit(self, model: M, keep_mine: frozenset[str]) -> None:
        """Write `model` in a worker thread; the form stays open until it has landed."""
        write = self.write
        assert write is not None
        self.saving = True
        self._status("Saving…")
        original = self.original
        typed = self.values()

        def done(saved: Any) -> None:
            self.saving = False
            if self.values() != typed:
                # typed on while the save waited: keep the form, now editing what was saved
                self._rebase(saved)
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

    def _show(self, refused: dict[str, str]) -> None:
        """Show each refusal next to its field and move the cursor to the first one."""
        names = {spec.name for spec in self.fields}
        first: Widget | None = None
        for path, message in refused.items():
            name = path.split("[")[0].split(".")[0]
            target = name if name in names else "form"
            label = next((s.label for s in self.fields if s.name == name), name)
            box = self.query_one(f"#error-{target}", Static)
            text = message if target != "form" else f"{label}: {message}"
            box.update(Content.assemble(("✗ ", "bold"), text))
            box.add_class("shown")
            if first is None and target != "form":
                first = self.query_one(f"#field-{name}")
        if first is not None:
            first.focus()
            first.scroll_visible(animate=False)

    def action_cancel(self) -> None:
        if self.saving:  # the write may still land: say so rather than pretend it did not
            self._status("Still saving: waiting for the database… (escape once it is done)")
            return
        self.dismiss(None)
