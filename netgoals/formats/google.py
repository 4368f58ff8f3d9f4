"""Google Contacts' CSV export ("Google CSV"), with today's headers and the legacy ones.

Today's file has `First Name`, `Organization Name`, `Labels`, `E-mail 1 - Label`; the legacy one
`Name`, `Given Name`, `Organization 1 - Name`, `Group Membership`, `E-mail 1 - Type`. A cell may
hold several values separated by ` ::: `; labels such as `* myContacts` are system groups.
"""

from __future__ import annotations

import re

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Source
from netgoals.formats.people import (
    Parsed,
    Row,
    Skipped,
    SkipReason,
    apply,
    by_column,
    data_rows,
    find_header,
    first_valid,
    has_header,
    header_key,
    join_name,
    join_notes,
    load_with,
    note_line,
    read_csv,
)

__all__ = ["apply", "load", "parse_google", "recognise"]

SEPARATOR = ":::"
# The numbered columns that hold one kind of value each (E-mail 1 - Value, E-mail 2 - Value...).
_NUMBERED = {
    "email": r"e-mail \d+ - value",
    "phone": r"phone \d+ - value",
    "url": r"website \d+ - value",
}
_NAME_COLUMNS = {"name", "first name", "given name", "last name", "family name"}
# Columns only Google writes: a LinkedIn or Outlook file is not read as Google's by mistake.
_GOOGLE_COLUMNS = {
    "labels",
    "group membership",
    "organization name",
    "organization 1 - name",
    "e-mail 1 - value",
    "file as",
    "given name",
}


def split_values(cell: str) -> list[str]:
    """The values of a multi-value cell (`a ::: b`), trimmed, blanks dropped."""
    return [v.strip() for v in cell.split(SEPARATOR) if v.strip()]


# Outlook's layout (which Google also exports, as "Outlook CSV") has these and Google's never
_OUTLOOK_COLUMNS = {"e-mail address", "job title", "business phone", "mobile phone"}


def _is_header(cells: set[str]) -> bool:
    if cells & _OUTLOOK_COLUMNS:
        return False
    return bool(cells & _NAME_COLUMNS) and bool(cells & _GOOGLE_COLUMNS)


def recognise(text: str) -> bool:
    """Whether `text` is a Google Contacts CSV."""
    return has_header(text, _is_header, within=5)


def load(text: str) -> Parsed:
    """The contacts of a Google Contacts CSV, and what was noticed reading them."""
    return load_with(parse_google, text)


def parse_google(text: str) -> Parsed:
    """The contacts of a Google Contacts CSV export, as rows of Contact fields."""
    records = read_csv(text)
    found = find_header(records, _is_header, within=5)
    if found is None:
        raise NetgoalsError(
            "not a Google Contacts CSV: no header row with Google's column names"
            " (export it from Google Contacts as 'Google CSV')"
        )
    header = [header_key(cell) for cell in found]
    numbered = {
        kind: [name for name in header if re.fullmatch(pattern, name)]
        for kind, pattern in _NUMBERED.items()
    }
    parsed = Parsed(source=Source.GOOGLE)
    for line, cells in data_rows(records, parsed):
        fields = _fields(by_column(header, cells), numbered)
        if not fields["name"]:
            parsed.skipped.append(Skipped(line, SkipReason.NO_NAME))
            continue
        parsed.rows.append(Row(line, fields))
    return parsed


def _all(values: dict[str, str], columns: list[str]) -> list[str]:
    """Every value of the numbered `columns` (E-mail 1, E-mail 2...), in order, once each."""
    out: list[str] = []
    for name in columns:
        cell = values.get(name, "")
        if cell:
            out += [v for v in split_values(cell) if v not in out]
    return out


def _fields(values: dict[str, str], numbered: dict[str, list[str]]) -> dict[str, object]:
    def get(*names: str) -> str:
        for name in names:
            if values.get(name, "").strip():
                return values[name].strip()
        return ""

    organizations = split_values(get("organization name", "organization 1 - name"))
    roles = split_values(get("organization title", "organization 1 - title"))
    name = get("name") or join_name(
        get("name prefix"),
        get("first name", "given name"),
        get("middle name", "additional name"),
        get("last name", "family name"),
        get("name suffix"),
    )
    name = name or get("nickname", "file as") or (organizations[0] if organizations else "")

    email, other_emails = first_valid("email", _all(values, numbered["email"]))
    phone, other_phones = first_valid("phone", _all(values, numbered["phone"]))
    url, other_sites = first_valid("url", _all(values, numbered["url"]))
    place = [get(f"address 1 - {part}") for part in ("city", "region", "country")]
    formatted = ", ".join(p.strip() for p in get("address 1 - formatted").splitlines() if p.strip())
    location = ", ".join(p for p in place if p) or formatted or get("location")
    labels = split_values(get("labels", "group membership"))
    departments = get("organization department", "organization 1 - department")
    notes = join_notes(
        get("notes"),
        note_line("Other emails", other_emails),
        note_line("Other phones", other_phones),
        note_line("Other web addresses", other_sites),
        note_line("Other organisations", organizations[1:]),
        note_line("Department", split_values(departments)),
        note_line("Birthday", [get("birthday")]),
    )
    return {
        "name": name,
        "organization": organizations[0] if organizations else "",
        "role": roles[0] if roles else "",
        "email": email,
        "phone": phone,
        "url": url,
        "location": location,
        "tags": [label.removeprefix("* ").strip() for label in labels],
        "notes": notes,
    }
