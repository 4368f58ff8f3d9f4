"""Whole files with random damage: each import lands whole or is refused with a clear error,
and a refused or failed import leaves the database exactly as it was."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netgoals.core.errors import NetgoalsError
from netgoals.formats.backup import export_json, import_backup, parse_json
from netgoals.formats.importers import parse
from netgoals.formats.people import decode, import_contacts
from netgoals.storage import Store, importing
from tests.hardening.hostile import NAMES, has_terminal_controls

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
text = st.one_of(st.sampled_from(NAMES), st.text(max_size=30))
day = st.dates().map(lambda d: d.isoformat())
maybe_bad = st.one_of(text, st.integers(), st.none(), st.booleans(), st.lists(text, max_size=2))


@st.composite
def backups(draw) -> dict:
    n_obj, n_con = draw(st.integers(0, 4)), draw(st.integers(0, 6))
    objectives = [
        {
            "id": i + 1,
            "title": draw(text),
            "purpose": draw(st.sampled_from(["job", "mentor"])),
            "keywords": draw(st.lists(text, max_size=3)),
            "status": "active",
        }
        for i in range(n_obj)
    ]
    contacts = [
        {
            "id": i + 1,
            "name": draw(text),
            "organization": draw(text),
            "notes": draw(text),
            "email": draw(st.sampled_from(["", "a@example.org", "bad@"])),
            "tags": draw(st.lists(text, max_size=3)),
        }
        for i in range(n_con)
    ]
    ids = st.integers(1, 7)
    links = [
        {
            "contact_id": draw(ids),
            "objective_id": draw(ids),
            "relation": draw(st.sampled_from(["helps", "introduces", "excluded"])),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    activities = [
        {
            "id": i + 1,
            "date": draw(day),
            "title": draw(text),
            "kind": "meeting",
            "objective_ids": draw(st.lists(ids, max_size=2, unique=True)),
            "contact_ids": draw(st.lists(ids, max_size=2, unique=True)),
            "effort_minutes": draw(st.integers(-5, 1500)),
            "discomfort": draw(st.integers(0, 6)),
            "payback": draw(st.integers(0, 5)),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    document = {
        "format": "netgoals",
        "version": 1,
        "objectives": objectives,
        "contacts": contacts,
        "links": links,
        "activities": activities,
    }
    # random damage: a field of a record set to a value of any type, a record dropped
    for _ in range(draw(st.integers(0, 3))):
        section = draw(st.sampled_from(["objectives", "contacts", "links", "activities"]))
        if document[section]:
            record = draw(st.sampled_from(document[section]))
            key = draw(st.sampled_from([*record, "surprise"]))
            record[key] = draw(maybe_bad)
    return document


def damage(draw, text_: str) -> str:
    """`text_` cut short, with a slice removed, or with bytes of noise spliced in."""
    how = draw(st.sampled_from(["none", "cut", "hole", "noise"]))
    if how == "none" or not text_:
        return text_
    at = draw(st.integers(0, len(text_)))
    if how == "cut":
        return text_[:at]
    if how == "hole":
        return text_[:at] + text_[at + draw(st.integers(1, 40)) :]
    return (
        text_[:at]
        + draw(st.text(alphabet='",;:\\\r\n\x00\x1b=BEGIN:VCARD', max_size=20))
        + (text_[at:])
    )


def _dump(store: Store) -> list[str]:
    return list(store.conn.iterdump())


def _seeded(folder: Path) -> Store:
    store = Store.open(folder / "n.db")
    from netgoals.core.models import Contact, Objective

    store.save_objective(Objective(title="Existing", keywords=["bank"]))
    store.save_contact(Contact(name="Ann Existing", organization="Bank", email="a@example.org"))
    return store


@SETTINGS
@given(document=backups(), data=st.data())
def test_any_damaged_backup_imports_whole_or_is_refused_whole(document: dict, data):
    raw = damage(data.draw, json.dumps(document))
    with tempfile.TemporaryDirectory() as folder, _seeded(Path(folder)) as store:
        before = _dump(store)
        try:
            backup = parse_json(raw)
        except NetgoalsError as error:
            message = str(error)
            assert message.startswith(("not a netgoals backup", "backup refused", "this backup"))
            assert not has_terminal_controls(message)
            assert _dump(store) == before
            return
        import_backup(store, backup)
        # what was imported comes out again (and a second import adds nothing)
        again = import_backup(store, parse_json(export_json(store)))
        assert again.total("added") == 0


@SETTINGS
@given(document=backups(), fail_at=st.integers(1, 12))
def test_a_backup_import_that_fails_half_way_writes_nothing(document: dict, fail_at: int):
    try:
        backup = parse_json(json.dumps(document))
    except NetgoalsError:
        return
    with tempfile.TemporaryDirectory() as folder, _seeded(Path(folder)) as store:
        before = _dump(store)
        calls = {"n": 0}
        real = store.save_contact

        def failing(contact):
            calls["n"] += 1
            if calls["n"] >= fail_at:
                raise NetgoalsError("disk full (simulated)")
            return real(contact)

        store.save_contact = failing  # type: ignore[method-assign]
        try:
            import_backup(store, backup)
        except NetgoalsError:
            assert _dump(store) == before
            return
        assert calls["n"] < fail_at  # it only succeeds if the failure never came


LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


@st.composite
def linkedin_files(draw) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        cells = [
            draw(text),
            draw(text),
            draw(st.sampled_from(["", "https://linkedin.com/in/x"])),
            draw(st.sampled_from(["", "a@example.org", "bad@"])),
            draw(text),
            draw(text),
            draw(st.sampled_from(["15 Mar 2024", "", "31 Feb 2024", "yesterday"])),
        ]
        rows.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    preamble = draw(st.sampled_from(["", 'Notes:\r\n"When exporting..."\r\n\r\n']))
    return damage(draw, preamble + LINKEDIN_HEADER + "\r\n".join(rows) + "\r\n")


@st.composite
def vcard_files(draw) -> str:
    cards = []
    for _ in range(draw(st.integers(0, 6))):
        version = draw(st.sampled_from(["2.1", "3.0", "4.0"]))
        lines = [
            "BEGIN:VCARD",
            f"VERSION:{version}",
            f"FN:{draw(text)}",
            f"ORG:{draw(text)}",
            f"NOTE:{draw(text)}",
            f"EMAIL:{draw(st.sampled_from(['a@example.org', 'x']))}",
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=C3=A9t=C3=A9",
            "END:VCARD",
        ]
        cards.append("\r\n".join(line.replace("\r", "").replace("\n", "") for line in lines))
    return damage(draw, "\r\n".join(cards) + "\r\n")


def _import_or_refuse(format: str, raw_text: str) -> None:
    with tempfile.TemporaryDirectory() as folder, _seeded(Path(folder)) as store:
        before = _dump(store)
        try:
            parsed = parse(format, decode(raw_text.encode("utf-8"), "f"))
        except NetgoalsError as error:
            assert not has_terminal_controls(str(error))
            assert _dump(store) == before
            return
        # a failure in the last write of the import: nothing of it stays
        real = importing.update_contacts

        def failing(*args, **kwargs):
            real(*args, **kwargs)
            raise NetgoalsError("disk full (simulated)")

        importing.update_contacts = failing
        try:
            with pytest.raises(NetgoalsError):
                import_contacts(store, parsed)
        finally:
            importing.update_contacts = real
        assert _dump(store) == before
        result = import_contacts(store, parsed)
        assert not has_terminal_controls(result.report(), allowed="\n")
        assert result.added + result.updated + len(result.skipped) == len(parsed.rows) + len(
            parsed.skipped
        )


@SETTINGS
@given(raw=linkedin_files())
def test_any_damaged_linkedin_file_imports_or_is_refused(raw: str):
    _import_or_refuse("linkedin", raw)


@SETTINGS
@given(raw=vcard_files())
def test_any_damaged_vcard_file_imports_or_is_refused(raw: str):
    _import_or_refuse("vcard", raw)
