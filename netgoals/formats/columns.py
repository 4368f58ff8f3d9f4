"""Address-book CSVs whose columns each hold one thing (Outlook's, Thunderbird's, Yahoo's): a
layout names the columns of each field, and one parser reads them all.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Source
from netgoals.formats.people import (
    Parsed,
    Row,
    Skipped,
    SkipReason,
    by_column,
    data_rows,
    find_header,
    first_valid,
    has_header,
    header_key,
    join_name,
    join_notes,
    note_line,
    read_csv,
)

# What an empty date looks like in Outlook's exports.
_NO_DATE = re.compile(r"0?0/0?0/(00)?(00)?")


@dataclass(frozen=True)
class Layout:
    """The columns (as compared by `header_key`) that hold each field, the first non-blank
    one winning; lists of emails, phones and web pages keep the others in the notes."""

    source: Source
    label: str
    is_header: Callable[[set[str]], bool]
    name_parts: list[str]  # prefix, first, middle, last, suffix: joined
    full_name: list[str] = field(default_factory=list)  # used when the parts are all blank
    nickname: list[str] = field(default_factory=list)
    organization: list[str] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    department: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    web: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # (city, region, country) columns (one of "a|b"), the first place with any of them filled
    places: list[tuple[str, str, str]] = field(default_factory=list)
    birthday: list[str] = field(default_factory=list)
    separators: str = r";|:::"  # between several categories in one cell
    # The columns of a file written without its header row, in order, and what every record
    # of such a file looks like.
    headerless: list[str] = field(default_factory=list)
    fits_headerless: Callable[[list[str]], bool] | None = None

    def recognise(self, text: str) -> bool:
        """Whether `text` has this layout's header (or, without one, its records)."""
        return has_header(text, self.is_header, within=5) or self._without_header(text)

    def _without_header(self, text: str) -> bool:
        if self.fits_headerless is None:
            return False
        try:
            first = [cells for _, cells in itertools.islice(read_csv(text), 5) if cells]
        except NetgoalsError:
            return False
        return bool(first) and all(self.fits_headerless(cells) for cells in first)

    def parse(self, text: str) -> Parsed:
        """The contacts of a file of this layout, as rows of Contact fields."""
        records = read_csv(text)
        found = find_header(records, self.is_header, within=5)
        if found is None and self._without_header(text):
            records, found = read_csv(text), self.headerless
        if found is None:
            raise NetgoalsError(f"not {self.label}: no header row with its column names")
        header = [header_key(cell) for cell in found]
        parsed = Parsed(source=self.source)
        for line, cells in data_rows(records, parsed):
            fields = self._fields(by_column(header, cells))
            if not fields["name"]:
                parsed.skipped.append(Skipped(line, SkipReason.NO_NAME))
                continue
            parsed.rows.append(Row(line, fields))
        return parsed

    def _fields(self, values: dict[str, str]) -> dict[str, object]:
        def get(columns: list[str]) -> str:
            return next((values[c] for c in columns if c in values), "")

        def every(columns: list[str]) -> list[str]:
            out: list[str] = []
            for column in columns:
                value = values.get(column, "")
                if value and value not in out:
                    out.append(value)
            return out

        organization = get(self.organization)
        name = join_name(*(values.get(c, "") for c in self.name_parts))
        name = name or get(self.full_name) or get(self.nickname)
        if not name:  # an email or an organisation says who this is
            name = get(self.emails) or organization
        email, other_emails = first_valid("email", every(self.emails))
        phone, other_phones = first_valid("phone", every(self.phones))
        url, other_web = first_valid("url", every(self.web))
        location = ""
        for columns in self.places:
            # "home country|home country/region": whichever of the two the file has
            place = [get(c.split("|")) if c else "" for c in columns]
            if any(place):
                location = ", ".join(" ".join(p.split()) for p in place if p)
                break
        tags = [tag.strip() for tag in re.split(self.separators, get(self.tags)) if tag.strip()]
        birthday = get(self.birthday)
        if _NO_DATE.fullmatch(birthday):
            birthday = ""
        notes = join_notes(
            get(self.notes),
            note_line("Department", [get(self.department)]),
            note_line("Other emails", other_emails),
            note_line("Other phones", other_phones),
            note_line("Other web addresses", other_web),
            note_line("Birthday", [birthday]),
        )
        return {
            "name": name,
            "organization": organization,
            "role": get(self.role),
            "email": email,
            "phone": phone,
            "url": url,
            "location": location,
            "tags": tags,
            "notes": notes,
        }
