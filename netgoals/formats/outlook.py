"""Outlook's CSV layout: Outlook desktop's and Outlook.com's export, the Windows Address Book's,
Google Contacts' "Outlook CSV" and LinkedIn's old (2012) export all share it.

Names are in Title, First, Middle and Last Name and Suffix (the Windows Address Book has a Name
too); up to three E-mail Addresses; phones and web pages in columns of their own.
"""

from __future__ import annotations

from netgoals.core.models import Source
from netgoals.formats.columns import Layout
from netgoals.formats.people import Parsed, apply, load_with

__all__ = ["LAYOUT", "apply", "load", "recognise"]

# Columns only Outlook's layout has (Google's CSV says "E-mail 1 - Value" and "Organization
# Title", LinkedIn's "Email Address" and "Position", Thunderbird's "Primary Email").
_OUTLOOK_COLUMNS = {"e-mail address", "job title", "business phone", "mobile phone"}


# Columns of Thunderbird's layout, which has a Job Title and a Mobile Number too.
_THUNDERBIRD_COLUMNS = {"primary email", "secondary email", "web page 1"}


def _is_header(cells: set[str]) -> bool:
    if cells & _THUNDERBIRD_COLUMNS:
        return False
    return bool(cells & {"first name", "last name", "name"}) and bool(cells & _OUTLOOK_COLUMNS)


LAYOUT = Layout(
    source=Source.OUTLOOK,
    label="an Outlook CSV",
    is_header=_is_header,
    name_parts=["title", "first name", "middle name", "last name", "suffix"],
    full_name=["name", "display name", "e-mail display name"],
    nickname=["nickname"],
    organization=["company"],
    role=["job title"],
    department=["department"],
    emails=["e-mail address", "e-mail 2 address", "e-mail 3 address"],
    phones=[
        "business phone",
        "mobile phone",
        "home phone",
        "business phone 2",
        "home phone 2",
        "primary phone",
        "company main phone",
        "other phone",
    ],
    web=["web page", "business web page", "personal web page"],
    notes=["notes"],
    tags=["categories"],
    places=[
        ("business city", "", "business country/region|business country"),
        ("home city", "", "home country/region|home country"),
    ],
    birthday=["birthday"],
)


def recognise(text: str) -> bool:
    """Whether `text` is a CSV in Outlook's layout."""
    return LAYOUT.recognise(text)


def load(text: str) -> Parsed:
    """The contacts of an Outlook CSV, and what was noticed reading them."""
    return load_with(LAYOUT.parse, text)
