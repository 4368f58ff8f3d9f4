"""LinkedIn's `Connections.csv`, from "Get a copy of your data" in LinkedIn's settings.

Recent exports open with a `Notes:` preamble and a blank line before the header; older ones
start with the header and have no `URL` column. So the header row is looked for, never assumed
to be on a given line.
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
    find_header,
    header_key,
    is_blank,
    join_name,
    read_csv,
)

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
_LINKEDIN_COLUMNS = {"company", "position", "connected on"}
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
    """LinkedIn's `15 Mar 2024` (or an ISO or US date) as 2024-03-15; other text as it is.

    Month names are read here rather than with strptime, whose %b follows the user's locale.
    """
    text = text.strip()
    found = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})", text)
    try:
        if found and found.group(2).lower() in _MONTHS:
            day, month, year = found.groups()
            return date(int(year), _MONTHS[month.lower()], int(day)).isoformat()
        found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if found:
            return date(*(int(g) for g in found.groups())).isoformat()
        found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text)
        if found:
            month_, day_, year_ = (int(g) for g in found.groups())
            return date(year_ + 2000 if year_ < 100 else year_, month_, day_).isoformat()
    except ValueError:
        pass  # 31 Feb: keep the words as they are
    return text


def how_met(connected: str) -> str:
    connected = connected_on(connected)
    return f"LinkedIn, connected {connected}" if connected else "LinkedIn"


def _is_header(cells: set[str]) -> bool:
    # names alone would let a Google or Outlook export through, read wrong
    return {"first name", "last name"} <= cells and bool(cells & _LINKEDIN_COLUMNS)


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
    width = len(header)
    # the position of each column (the first of two with one name), -1 (always "") if missing
    where = {name: header.index(name) if name in header else -1 for name in set(COLUMNS.values())}
    first, last, url, email, organization, role, connected = (
        where[name]
        for name in ("first", "last", "url", "email", "organization", "role", "connected")
    )
    parsed = Parsed(source=Source.LINKEDIN)
    for line, cells in records:
        if not cells:
            continue  # a blank line is not a row
        if is_blank(cells):
            parsed.skipped.append(Skipped(line, SkipReason.EMPTY))
            continue
        cells = [*cells, *[""] * (width - len(cells)), ""]
        name = join_name(cells[first], cells[last])
        if not name:
            parsed.skipped.append(Skipped(line, SkipReason.NO_NAME))
            continue
        parsed.rows.append(
            Row(
                line,
                {
                    "name": name,
                    "organization": cells[organization],
                    "role": cells[role],
                    "email": cells[email].strip(),
                    "url": cells[url].strip(),
                    "how_met": how_met(cells[connected]),
                },
            )
        )
    return parsed
