"""Thunderbird's address book exported as CSV: with its header row, as Thunderbird writes it
today, or without one, as older versions did (its columns are always in the same order)."""

from __future__ import annotations

from netgoals.core.models import Source
from netgoals.formats.columns import Layout
from netgoals.formats.people import Parsed, apply, load_with

__all__ = ["LAYOUT", "apply", "load", "recognise"]


def _is_header(cells: set[str]) -> bool:
    return "primary email" in cells and bool(cells & {"display name", "first name"})


# The columns of older Thunderbird's export, which had no header row (nor Screen Name).
HEADERLESS = [
    *("First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Secondary Email"),
    *("Work Phone", "Home Phone", "Fax Number", "Pager Number", "Mobile Number"),
    *("Home Address", "Home Address 2", "Home City", "Home State", "Home ZipCode", "Home Country"),
    *("Work Address", "Work Address 2", "Work City", "Work State", "Work ZipCode", "Work Country"),
    *("Job Title", "Department", "Organization", "Web Page 1", "Web Page 2"),
    *("Birth Year", "Birth Month", "Birth Day", "Custom 1", "Custom 2", "Custom 3", "Custom 4"),
    "Notes",
]


def _fits_headerless(cells: list[str]) -> bool:
    """A record of 36 columns (and the empty one after Thunderbird's trailing comma) whose
    emails are emails, if it has any."""
    if len(cells) not in (len(HEADERLESS), len(HEADERLESS) + 1) or any(cells[36:]):
        return False
    return all("@" in cells[i] for i in (4, 5) if cells[i].strip())


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
    headerless=HEADERLESS,
    fits_headerless=_fits_headerless,
)


def recognise(text: str) -> bool:
    """Whether `text` is a Thunderbird CSV."""
    return LAYOUT.recognise(text)


def load(text: str) -> Parsed:
    """The contacts of a Thunderbird CSV, and what was noticed reading them."""
    return load_with(LAYOUT.parse, text)
