"""Yahoo Mail's contacts exported as CSV ("First", "Last", "Email", "Yahoo! ID"...)."""

from __future__ import annotations

from netgoals.core.models import Source
from netgoals.formats.columns import Layout
from netgoals.formats.people import Parsed, apply, load_with

__all__ = ["LAYOUT", "apply", "load", "recognise"]


def _is_header(cells: set[str]) -> bool:
    return {"first", "last"} <= cells and bool(cells & {"yahoo! id", "alternate email 1"})


LAYOUT = Layout(
    source=Source.YAHOO,
    label="a Yahoo CSV",
    is_header=_is_header,
    name_parts=["first", "middle", "last"],
    nickname=["nickname"],
    organization=["company"],
    role=["title"],
    emails=["email", "alternate email 1", "alternate email 2"],
    phones=["work", "mobile", "home", "other", "primary"],
    web=["business website", "personal website"],
    notes=["comments"],
    tags=["category"],
    places=[("work city", "", "work country"), ("home town", "", "home country")],
    birthday=["birthday"],
)


def recognise(text: str) -> bool:
    """Whether `text` is a Yahoo CSV."""
    return LAYOUT.recognise(text)


def load(text: str) -> Parsed:
    """The contacts of a Yahoo CSV, and what was noticed reading them."""
    return load_with(LAYOUT.parse, text)
