"""Where a keyword occurs, read field by field for a report of the whole network, agrees with
the full look-up that highlights every field of every contact found."""

from __future__ import annotations

import pytest

from netgoals.core.models import Contact, Objective
from netgoals.storage import Store, search

KEYWORDS = ["bank", "Investment Bank", "trader", "zurich", "head of trading", "***", "🚀", "n/a"]


def _network(store: Store) -> None:
    store.save_objective(Objective(title="Job", keywords=KEYWORDS))
    store.save_contact(
        Contact(
            name="Ann",
            organization="Northgate Bank",
            role="Investment banking, Trader, bank",
            notes="banks and a bank; traders",
            tags=["bank", "zürich"],
            location="Zürich",
        )
    )
    store.save_contact(Contact(name="Bo", organization="Northgate Bank", role="Nurse"))
    store.save_contact(Contact(name="Cy", introduces_to="the Head of  Trading at Harbour"))
    store.save_contact(Contact(name="Di", notes="nothing to see"))
    store.save_contact(Contact(name="Ed", organization="Investment Bank", how_met="at a bank"))


@pytest.mark.parametrize("recurring", [0, 30])
def test_keyword_places_are_what_the_full_look_up_finds(store: Store, recurring: int):
    # with `recurring` contacts of the same texts, those fields are looked up text by text
    _network(store)
    for number in range(recurring):
        store.save_contact(
            Contact(name=f"Fay {number}", organization="Northgate Bank", role="Head of Trading")
        )
    with search.places_finder(store.conn) as places_of:
        for keyword in KEYWORDS:
            expected: dict[int, list[tuple[str, str]]] = {}
            for hit in search.hits_with_detail(store.conn, keyword):
                expected.setdefault(hit.contact_id, []).append((hit.field, hit.text))
            places = places_of(keyword)
            assert {c: list(found) for c, found in places.items()} == expected, keyword
        bank = places_of("bank")[1]
        assert _field_indexes(store) or not recurring
    assert not _field_indexes(store)  # dropped when done
    assert bank == (
        ("organization", "Bank"),
        ("role", "banking … bank"),
        ("tags", "bank"),
        ("notes", "banks … bank"),
    )


def _field_indexes(store: Store) -> list[str]:
    query = "SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name LIKE 'field_texts%'"
    return [row[0] for row in store.conn.execute(query)]


def test_the_report_matching_gives_the_reasons_of_the_detailed_matching(store: Store):
    _network(store)
    store.save_objective(Objective(title="Other", keywords=["nurse", "BANK"]))
    report, detailed = store.report_matching(), store.matching(detail=True)
    assert report.contact_ids == detailed.contact_ids
    for contact_id in report.contact_ids:
        assert report.matches_of(contact_id) == detailed.matches_of(contact_id)
    assert report.matches_of(2)  # Bo, by organisation and role


WORDY = ["bank", "BANKS", "Zurich", "investment bank", "ǂǂ", "café", "x", "trading desk"]


def test_one_word_keywords_found_word_by_word_agree_with_the_full_look_up(store: Store):
    """Notes and tags (texts each contact's own) are searched word by word for a keyword of
    one word: the runs found, their order and the text kept agree with highlighting each
    contact's whole field, whatever separates the words (tabs, line breaks, no-break and
    ideographic spaces, punctuation) and however often the keyword recurs."""
    store.save_objective(Objective(title="Job", keywords=WORDY))
    notes = [
        "bank-bank, Bank\tbanks\nBANKING and (bank)",
        "a trading\u00a0desk at the investment\u3000bank in Zürich",
        "Cafe, café and CAFÉS; bankside is not a bank",
        "x.x x-ray X",
        "investment\n\nbank, then trading desk. Trading, desk",
    ]
    for number, text in enumerate(notes):
        store.save_contact(
            Contact(
                name=f"Person {number}",
                notes=text,
                tags=["investment bank", f"desk {number}", "zürich", "ǂǂ"],
            )
        )
    # text another program wrote: a control character inside a word a keyword matches
    store.conn.execute(
        "UPDATE contacts SET notes = 'the b\x1bank and a ba\x07nk bank' WHERE id = 1"
    )
    with search.places_finder(store.conn) as places_of:
        # a contact written by another program once the words were read: its words are new
        store.save_contact(Contact(name="Late", notes="Zebras and a bank, BANKS", tags=["Bank"]))
        for keyword in WORDY:
            expected: dict[int, list[tuple[str, str]]] = {}
            for hit in search.hits_with_detail(store.conn, keyword):
                expected.setdefault(hit.contact_id, []).append((hit.field, hit.text))
            places = places_of(keyword)
            assert {c: list(found) for c, found in places.items()} == expected, keyword
            assert expected, keyword  # each keyword is found somewhere


def test_keyword_places_are_read_in_one_snapshot(store: Store, tmp_path):
    """Another program changing a contact while the places are read is not half seen: every
    look-up gives the network as it was when the finder began."""
    _network(store)
    with search.places_finder(store.conn) as places_of:
        before = places_of("bank")
        with Store.open(tmp_path / "netgoals.db") as other:
            ann = other.contact(1)
            assert ann is not None
            other.save_contact(ann.model_copy(update={"notes": "a Bank, BANKS", "tags": []}))
            other.save_contact(Contact(name="Late", notes="a bank"))
        assert places_of("bank") == before
        assert places_of("banks") == before
    assert before[1] == (
        ("organization", "Bank"),
        ("role", "banking … bank"),
        ("tags", "bank"),
        ("notes", "banks … bank"),
    )
    assert 6 not in before
    with search.places_finder(store.conn) as places_of:  # a new finder sees the change
        now = places_of("bank")
    assert now[1][-1] == ("notes", "Bank … BANKS")
    assert now[6] == (("notes", "bank"),)


def test_the_report_reads_names_and_organisations_as_the_summaries_give_them(store: Store):
    """Read for a report with one check for the whole network, names and organisations are
    what `contact_summaries` gives: cleaned when another program wrote control characters."""
    _network(store)
    store.conn.execute(
        "UPDATE contacts SET name = 'Ann\x1b[31m', organization = 'North\x07gate\tBank'"
        " WHERE id = 1"
    )
    people = store.report_people()
    assert people == {i: (name, org) for i, (name, org, _) in store.contact_summaries().items()}
    assert people[1] == ("Ann[31m", "NorthgateBank")
    assert people[2] == ("Bo", "Northgate Bank")
