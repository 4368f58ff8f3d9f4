"""A modal form for any model: ctrl+s saves, escape cancels, refused values shown by their field.

The form never writes: it returns a validated model (or None) and the app saves it. Validation
is the model's own (DESIGN.md §2), so the form refuses exactly what every other entry point does.
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

from netgoals.core.models import format_when, problems
from netgoals.tui.dialogs.base import Dialog
from netgoals.tui.dialogs.picker import Picker

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


class FormFields(VerticalScroll, can_focus=False):
    """The scrolling column of fields: tab goes from field to field, never to the column."""


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
    ) -> None:
        super().__init__()
        self.form_title = title
        self.model = model
        self.fields = list(fields)
        self.initial = initial
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Content.styled(self.form_title, "bold"), id="form-title")
            with FormFields(id="form-fields"):
                for spec in self.fields:
                    yield Label(Content(spec.label), classes="form-label")
                    yield self._widget(spec)
                    yield Static("", id=f"error-{spec.name}", classes="form-error")
            yield Static("", id="error-form", classes="form-error")
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
        if spec.kind == "words":
            text = ", ".join(value or [])
        elif spec.kind == "lines":
            area = TextArea("\n".join(value or []), id=wid, tab_behavior="focus")
            area.show_line_numbers = False
            return area
        else:
            text = shown_value(value)
        return Input(text, placeholder=spec.placeholder, id=wid)

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
        for error in self.query(".form-error"):
            error.update("")
            error.remove_class("shown")
        data = {**self.initial, **self.values()}
        try:
            model = self.model.model_validate(data)
        except ValidationError as error:
            self._show(dict(problems(error)))
            return
        if self.check is not None:
            refused = self.check(model)
            if refused:
                self._show(refused)
                return
        self.dismiss(model)

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
        self.dismiss(None)
