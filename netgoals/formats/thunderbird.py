"""Thunderbird's address book exported as CSV (with its header row, as Thunderbird writes it)."""

from __future__ import annotations

from netgoals.core.models import Source
from netgoals.formats.columns import Layout
from netgoals.formats.people import Parsed, apply, load_with

__all__ = ["LAYOUT", "apply", "load", "recognise"]


def _is_header(cells: set[str]) -> bool:
    return "primary email" in cells and bool(cells & {"display name", "first name"})


LAYOUT = Layout(
    source=Source.THUNDERBIRD,
    label="a Thunderbird CSV",
    is_header=_is_header,
    name_parts=["first name", "last name"],
    full_name=["display name"],
    nickname=["nickname"],
    organization=["organization"],
    role=["job title"],
    department=["department"],
    emails=["primary email", "secondary email"],
    phones=["work phone", "mobile number", "home phone"],
    web=["web page 1", "web page 2"],
    notes=["notes"],
    places=[("work city", "", "work country"), ("home city", "", "home country")],
)


def recognise(text: str) -> bool:
    """Whether `text` is a Thunderbird CSV."""
    return LAYOUT.recognise(text)


def load(text: str) -> Parsed:
    """The contacts of a Thunderbird CSV, and what was noticed reading them."""
    return load_with(LAYOUT.parse, text)
