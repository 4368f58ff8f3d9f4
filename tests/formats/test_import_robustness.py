"""Whatever a file holds, reading it ends in rows or in a NetgoalsError: never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netgoals.core.errors import NetgoalsError
from netgoals.formats.importers import parse
from netgoals.formats.people import decode, import_contacts
from netgoals.storage import Store

FORMATS = ("linkedin", "google", "vcard")
HEADERS = {
    "linkedin": "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n",
    "google": "First Name,Last Name,Labels,E-mail 1 - Value,Organization Name\r\n",
    "vcard": "BEGIN:VCARD\r\nVERSION:2.1\r\n",
}
# The characters that make files interesting: separators, quotes, escapes, controls, unicode.
PIECES = [*',;:"\\=\r\n \t\x00\x1b\x07aZé王*-@.', "BEGIN:VCARD", "END:VCARD", "FN:", "N:"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300))
def test_any_bytes_decode_or_are_refused(raw: bytes):
    try:
        text = decode(raw, "f")
    except NetgoalsError:
        return
    assert isinstance(text, str) and text.strip()


@pytest.mark.parametrize("format", FORMATS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=TEXT)
def test_any_text_parses_or_is_refused(format: str, body: str):
    for text in (body, HEADERS[format] + body):
        try:
            parsed = parse(format, text)
        except NetgoalsError:
            continue
        for row in parsed.rows:
            assert row.line >= 1 and row.fields["name"]


@pytest.mark.parametrize("format", FORMATS)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(body=TEXT)
def test_any_parsed_rows_import_or_are_reported(format: str, body: str, tmp_path: Path):
    try:
        parsed = parse(format, HEADERS[format] + body)
    except NetgoalsError:
        return
    with Store.open(tmp_path / f"{format}.db") as store:
        first = import_contacts(store, parsed)
        again = import_contacts(store, parsed)
    assert first.added + first.updated + len(first.skipped) == len(parsed.rows) + len(
        parsed.skipped
    )
    assert again.added == 0
