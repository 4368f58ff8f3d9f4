"""LinkedIn's `Connections.csv`, from "Get a copy of your data" in LinkedIn's settings.

Recent exports open with a `Notes:` preamble and a blank line before the header; older ones
start with the header, have no `URL` column and may have `Address`, `Websites` and `Instant
Messengers` (kept in the notes, as is any column this importer does not know). So the header row
is looked for, never assumed to be on a given line. LinkedIn's 2012 export was in Outlook's
layout: the Outlook importer reads it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Source
from netgoals.formats.people import (
    Parsed,
    Row,
    Skipped,
    SkipReason,
    apply,
    data_rows,
    find_header,
    has_header,
    header_key,
    join_name,
    join_notes,
    load_with,
    note_line,
    read_csv,
)

__all__ = ["apply", "load", "parse_linkedin", "recognise"]

# column name (as compared by header_key) -> what it holds
COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "e-mail address": "email",
    "company": "organization",
    "position": "role",
    "connected on": "connected",
}
# Outlook's layout has First Name, Last Name and Company too, but never these
_OUTLOOK_COLUMNS = {"job title", "e-mail address", "business phone", "mobile phone"}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


@lru_cache(maxsize=8192)  # a network has a few thousand distinct days
def connected_on(text: str) -> str:
    """LinkedIn's `15 Mar 2024`, `23-Apr-23` or `1/8/18, 6:14 PM` (or an ISO date) as
    2024-03-15; other text as it is. A two-digit year is of this century.

    Month names are read here rather than with strptime, whose %b follows the user's locale.
    """
    text = text.strip()
    found = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4}|\d{2})", text)
    try:
        if found and found.group(2).lower() in _MONTHS:
            day, month, year = found.groups()
            return date(_year(year), _MONTHS[month.lower()], int(day)).isoformat()
        found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if found:
            return date(*(int(g) for g in found.groups())).isoformat()
        found = re.fullmatch(
            r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2}),?(?:\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?)?",
            text,
        )
        if found:
            month_, day_, year_ = found.groups()
            return date(_year(year_), int(month_), int(day_)).isoformat()
    except ValueError:
        pass  # 31 Feb: keep the words as they are
    return text


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def how_met(connected: str) -> str:
    connected = connected_on(connected)
    return f"LinkedIn, connected {connected}" if connected else "LinkedIn"


def _is_header(cells: set[str]) -> bool:
    # names alone would let a Google or Outlook export through, read wrong; an export whose
    # name columns were cut out is still LinkedIn's, by its Connected On
    if cells & _OUTLOOK_COLUMNS:
        return False
    return "connected on" in cells or ({"first name", "last name", "position"} <= cells)


def recognise(text: str) -> bool:
    """Whether `text` is a LinkedIn Connections.csv."""
    return has_header(text, _is_header)


def load(text: str) -> Parsed:
    """The connections of a LinkedIn export, and what was noticed reading them."""
    return load_with(parse_linkedin, text)


def parse_linkedin(text: str) -> Parsed:
    """The connections of a LinkedIn export, as rows of Contact fields."""
    records = read_csv(text)
    found = find_header(records, _is_header)
    if found is None:
        raise NetgoalsError(
            "not a LinkedIn Connections.csv: no header row with First Name, Last Name and"
            " Company, Position or Connected On"
            " (export it from LinkedIn: Settings, Data privacy, Get a copy of your data)"
        )
    header = [COLUMNS.get(header_key(cell), "") for cell in found]
    # the columns this importer has no field for, kept in the notes under their own name
    others = [(i, " ".join(found[i].split())) for i, name in enumerate(header) if not name]
    width = len(header)
    # the position of each column (the first of two with one name), -1 (always "") if missing
    where = {name: header.index(name) if name in header else -1 for name in set(COLUMNS.values())}
    first, last, url, email, organization, role, connected = (
        where[name]
        for name in ("first", "last", "url", "email", "organization", "role", "connected")
    )
    parsed = Parsed(source=Source.LINKEDIN)
    for line, row in data_rows(records, parsed):
        cells = [*row, *[""] * (width - len(row)), ""]
        name = join_name(cells[first], cells[last])
        if not name:
            parsed.skipped.append(Skipped(line, SkipReason.NO_NAME))
            continue
        # an email or URL the model refuses goes to the notes (import_contacts)
        notes = (
            join_notes(*(note_line(label, [cells[i].strip()]) for i, label in others if label))
            if others
            else ""
        )
        fields = {
            "name": name,
            "organization": cells[organization],
            "role": cells[role],
            "email": cells[email].strip(),
            "url": cells[url].strip(),
            "how_met": how_met(cells[connected]),
        }
        if notes:
            fields["notes"] = notes
        parsed.rows.append(Row(line, fields))
    return parsed
