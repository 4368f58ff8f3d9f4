"""Matching through the real full-text index, case by case."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from netgoals.core.models import Contact, Link, Objective
from netgoals.formats.backup import export_json, import_backup, parse_json
from netgoals.storage import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import build

# (keyword, contact fields, should match)
CASES = [
    # plurals and other forms of a word
    ("trader", {"role": "Traders desk"}, True),
    ("traders", {"role": "Trader"}, True),
    ("bank", {"organization": "Investment Banking"}, True),
    ("banking", {"notes": "works at a bank"}, True),
    ("investment bank", {"role": "Investment Banking analyst"}, True),
    ("consultant", {"role": "Consulting"}, True),  # both stem to "consult"
    ("trader", {"role": "Trading"}, False),  # "trader" and "trade" are different stems
    # case and accents
    ("BANK", {"organization": "northgate bank"}, True),
    ("societe generale", {"organization": "Société Générale"}, True),
    ("Société", {"organization": "SOCIETE GENERALE"}, True),
    ("zurich", {"location": "Zürich"}, True),
    # phrases: all words, in order, adjacent
    ("investment bank", {"organization": "Bank of Investment"}, False),
    ("investment bank", {"notes": "investment in a bank"}, False),
    ("head of trading", {"introduces_to": "the head of trading at Harbour"}, True),
    ("head of trading", {"introduces_to": "head trading"}, False),
    # whole words only
    ("bank", {"location": "Bankside"}, False),
    ("bank", {"organization": "Riverbank Press"}, False),
    ("art", {"role": "Partner"}, False),
    ("bank", {"location": "South Bank, London"}, True),
    # which fields: the seven of docs/matching.md, never name, email, phone or URL
    ("banks", {"name": "Tyra Banks"}, False),
    ("bank", {"email": "ann@bank.example"}, False),
    ("bank", {"url": "https://bank.example/ann"}, False),
    ("555", {"phone": "+1 555 0100"}, False),
    ("bank", {"tags": ["bank"]}, True),
    ("bank", {"how_met": "bank holiday barbecue"}, True),
    ("bank", {"introduces_to": "her bank manager"}, True),
    ("london", {"location": "London"}, True),
    # separate tags are separate phrases
    ("investment bank", {"tags": ["investment", "bank"]}, False),
    ("investment bank", {"tags": ["retail", "investment bank"]}, True),
    # a phrase never runs from one field into the next
    ("bank trader", {"organization": "Big Bank", "role": "Trader"}, False),
    # what people type is never query syntax
    ('say "hello"', {"notes": "say hello to Ann"}, True),
    ('"', {"notes": 'a "quoted" note'}, False),
    ("trader*", {"role": "Trader"}, True),
    ("trad*", {"role": "Trader"}, False),
    ("sales AND trading", {"role": "sales and trading"}, True),
    ("sales AND trading", {"role": "sales, trading"}, False),
    ("OR", {"location": "OR"}, True),
    ("NEAR", {"notes": "lives near the station"}, True),
    ("NEAR(a b)", {"notes": "near a b"}, True),
    ("C++", {"tags": ["C++"]}, True),
    ("-fintech", {"tags": ["fintech"]}, True),
    ("role:trader", {"role": "role trader"}, True),
    ("{role}: trader", {"notes": "role trader"}, True),
    ("(bank)", {"organization": "bank"}, True),
    ("^bank", {"organization": "bank"}, True),
    ("🚀 rocket", {"notes": "rocket 🚀"}, True),
    ("🚀", {"notes": "🚀"}, False),  # no letters or digits: nothing to look for
    ("***", {"notes": "***"}, False),
]


@pytest.mark.parametrize(("keyword", "fields", "expected"), CASES)
def test_keyword_matching_case(store: Store, keyword, fields, expected):
    objective = store.save_objective(Objective(title="Goal", keywords=[keyword]))
    contact = store.save_contact(Contact(name=fields.pop("name", "Someone"), **fields))
    matching = store.matching()
    assert (not matching.is_offgoal(contact.id)) is expected
    # a first page's matching, through its own small index, finds exactly the same
    page = store.matching(only=[contact.id])
    assert (not page.is_offgoal(contact.id)) is expected
    if expected:
        detailed = store.matching(detail=True).matches_of(contact.id)[objective.id]
        assert detailed[0].field in {
            "organization",
            "role",
            "tags",
            "how_met",
            "notes",
            "introduces_to",
            "location",
        }
        assert detailed[0].text


def test_reasons_name_the_field_and_the_text_matched(store: Store):
    objective = store.save_objective(Objective(title="Job", keywords=["investment bank", "trader"]))
    ann = store.save_contact(
        Contact(name="Ann", organization="Harbour Investment Banking", role="Equity Traders lead")
    )
    matching = store.matching()
    explained = store.explain(matching, ann.id)[objective.id]
    assert [r.describe() for r in explained] == [
        'keyword "investment bank" in organisation: "Investment Banking"',
        'keyword "trader" in role: "Traders"',
    ]


def test_excluded_link_beats_keyword_and_paused_objectives_do_not_count(store: Store):
    job = store.save_objective(Objective(title="Job", keywords=["trader"]))
    uncle = store.save_contact(Contact(name="Kwame", role="Market trader"))
    assert not store.matching().is_offgoal(uncle.id)
    store.set_link(Link(contact_id=uncle.id, objective_id=job.id, relation="excluded"))
    assert store.matching().is_offgoal(uncle.id)
    store.remove_link(uncle.id, job.id)
    store.save_objective(job.model_copy(update={"status": "paused"}))
    matching = store.matching()
    assert matching.is_offgoal(uncle.id) and not matching.has_active_objective


def test_a_page_is_matched_as_the_whole_network_matches_it(tmp_path: Path):
    with Store.open(build(tmp_path / "n.db", 400, objectives=12, active=9)) as store:
        objectives = store.objectives()
        job = next(o for o in objectives if o.is_active)
        ids = store.contact_ids()
        page = ids[100:160]
        helped, kept_out, outside = page[0], page[1], ids[300]
        store.set_link(Link(contact_id=helped, objective_id=job.id, relation="helps"))
        store.set_link(Link(contact_id=kept_out, objective_id=job.id, relation="excluded"))
        store.set_link(Link(contact_id=outside, objective_id=job.id, relation="helps"))
        whole = store.matching()
        part = store.matching(objectives, only=page)

        assert whole.complete and not part.complete
        assert part.contact_ids == page
        assert part.offgoal_set == whole.offgoal_set & set(page)
        assert 0 < len(part.offgoal_set) < len(page)  # the page has both kinds
        for objective in whole.objectives:
            oid = objective.id or 0
            assert part.members[oid] == whole.members[oid] & set(page)
            for contact_id in page:
                assert part.reasons_for(contact_id, objective) == whole.reasons_for(
                    contact_id, objective
                )
        assert helped in part.members[job.id] and kept_out not in part.members[job.id]
        assert outside not in part.matched
        assert part.gaps == []  # unknown from one page: never claimed
        # the page's index is gone, and it never reached the database file
        assert store.conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
        assert store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2


def test_matching_follows_every_kind_of_change(store: Store, tmp_path: Path):
    job = store.save_objective(Objective(title="Job", keywords=["bank"]))
    ann = store.save_contact(Contact(name="Ann", organization="Northgate Bank"))
    bob = store.save_contact(Contact(name="Bob", role="Chef"))

    def matched() -> set[int]:
        m = store.matching()
        return set(m.contact_ids) - m.offgoal_set

    assert matched() == {ann.id}
    # contact edited
    bob = store.save_contact(bob.model_copy(update={"notes": "moving to a bank in May"}))
    assert matched() == {ann.id, bob.id}
    ann = store.save_contact(ann.model_copy(update={"organization": "Bakery"}))
    assert matched() == {bob.id}
    # keyword added, then removed
    job = store.save_objective(job.model_copy(update={"keywords": ["bank", "bakery"]}))
    assert matched() == {ann.id, bob.id}
    job = store.save_objective(job.model_copy(update={"keywords": ["bakery"]}))
    assert matched() == {ann.id}
    # status changed
    job = store.save_objective(job.model_copy(update={"status": "achieved"}))
    assert matched() == set()
    job = store.save_objective(job.model_copy(update={"status": "active"}))
    # link added and removed
    store.set_link(Link(contact_id=bob.id, objective_id=job.id, relation="helps"))
    assert matched() == {ann.id, bob.id}
    store.remove_link(bob.id, job.id)
    assert matched() == {ann.id}
    # contact deleted, then restored
    removed = store.delete("contact", ann.id)
    assert matched() == set()
    store.restore(removed)
    assert matched() == {ann.id}
    # backup imported into a fresh database
    with Store.open(tmp_path / "restored.db") as other:
        import_backup(other, parse_json(export_json(store)))
        m = other.matching()
        assert {other.contact(c).name for c in set(m.contact_ids) - m.offgoal_set} == {"Ann"}


# --- properties --------------------------------------------------------------------------------

FIELDS = ["organization", "role", "tags", "how_met", "notes", "introduces_to", "location"]
text = st.text(st.characters(codec="utf-8"), max_size=40)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory):
    with Store.open(tmp_path_factory.mktemp("prop") / "p.db") as store:
        yield store


def _reset(store: Store) -> None:
    with store.transaction():
        for table in ("links", "objectives", "contacts"):
            store.conn.execute(f"DELETE FROM {table}")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(keyword=text, value=text, field=st.sampled_from(FIELDS))
def test_random_keywords_and_texts_match_alike_by_every_path(
    shared_store: Store, keyword, value, field
):
    """Any keyword and text: the whole-network index, the detailed search and the temporary
    index of a page agree on whether the contact matches, and a detailed reason names the one
    field that holds text."""
    _reset(shared_store)
    try:
        shared_store.save_objective(Objective(title="Goal", keywords=[keyword]))
        contact = shared_store.save_contact(
            Contact(name="X", **{field: [value] if field == "tags" else value})
        )
    except ValidationError:
        return
    whole = shared_store.matching()
    detailed = shared_store.matching(detail=True)
    page = shared_store.matching(only=[contact.id])
    matched = not whole.is_offgoal(contact.id)
    assert (not detailed.is_offgoal(contact.id)) == matched
    assert (not page.is_offgoal(contact.id)) == matched
    reasons = [r for rs in detailed.matches_of(contact.id).values() for r in rs]
    assert all(r.kind == "keyword" and r.field == field for r in reasons), reasons
    assert bool(reasons) == matched


# Characters whose kind (letter or digit, or neither) is the same in every Unicode version:
# the index's tokenizer knows Unicode 6.1, Python a later one.
WORDY = "abcXYZ019éüßñçØΩλж日本"
NOT_WORDY = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~’“”–🚀\u00a0"
plain_text = st.text(st.sampled_from(WORDY + NOT_WORDY), max_size=30)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    keyword=plain_text.filter(str.strip),
    before=plain_text,
    after=plain_text,
    field=st.sampled_from(FIELDS),
)
def test_a_field_containing_a_keyword_verbatim_matches_it(
    shared_store: Store, keyword, before, after, field
):
    """A keyword with a letter or digit in it matches a field holding it, alone or surrounded by
    any other text; a keyword of punctuation and symbols alone has no word to look for and
    matches nothing."""
    _reset(shared_store)
    try:
        objective = shared_store.save_objective(Objective(title="Goal", keywords=[keyword]))
    except ValidationError:
        return
    if not objective.keywords:
        return
    keyword = objective.keywords[0]
    has_words = any(ch in WORDY for ch in keyword)  # decided from the text, not the code
    value = f"{before} {keyword} {after}"
    alone = shared_store.save_contact(Contact(name="Alone", **{field: _shape(field, keyword)}))
    try:
        inside = shared_store.save_contact(Contact(name="Inside", **{field: _shape(field, value)}))
    except ValidationError:
        return  # too long for the field
    matching = shared_store.matching()
    assert (not matching.is_offgoal(alone.id)) == has_words, keyword
    assert (not matching.is_offgoal(inside.id)) == has_words, (keyword, value)


def _shape(field: str, value: str) -> str | list[str]:
    return [value] if field == "tags" else value


def test_a_hostile_keyword_list_round_trips_through_the_backup(tmp_path: Path):
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "h.db") as store:
        keywords = ['"', "*", "AND", "NEAR(", "C++", "[x]", "🚀", 'a"b OR c']
        store.save_objective(Objective(title="Odd", keywords=keywords))
        document = json.loads(export_json(store))
        assert document["objectives"][0]["keywords"] == keywords
        store.matching(detail=True)


def test_keywords_differing_beyond_case_are_looked_up_separately(store: Store):
    store.save_objective(Objective(title="A", keywords=["Straße"]))
    b = store.save_objective(Objective(title="B", keywords=["STRASSE"]))
    gmbh = store.save_contact(Contact(name="X", organization="Strasse GmbH"))
    assert b.id in store.matching().matches_of(gmbh.id)


def test_page_indexes_can_be_open_together_and_detail_is_refused_for_a_page(store: Store):
    from netgoals.storage import search

    store.save_objective(Objective(title="Job", keywords=["bank"]))
    ann = store.save_contact(Contact(name="Ann", organization="Northgate Bank"))
    bob = store.save_contact(Contact(name="Bob", organization="Riverbank Press"))
    with search.index_of(store.conn, [ann.id]) as first:
        with search.index_of(store.conn, [ann.id, bob.id]) as second:
            assert search.contacts_with(store.conn, "bank", second) == {ann.id}
        assert search.contacts_with(store.conn, "bank", first) == {ann.id}
    assert store.conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
    with pytest.raises(ValueError):
        store.matching(only=[ann.id], detail=True)


def test_one_keyword_in_two_fields_gives_two_reasons(tmp_path: Path):
    with Store.open(tmp_path / "two.db") as store:
        job = store.save_objective(Objective(title="Job", keywords=["bank"]))
        ann = store.save_contact(
            Contact(name="Ann", organization="Northgate Bank", notes="Knows the banks well")
        )
        reasons = store.matching(detail=True).matches_of(ann.id)[job.id]
        assert [(r.keyword, r.field, r.text) for r in reasons] == [
            ("bank", "organization", "Bank"),
            ("bank", "notes", "banks"),
        ]
        # the details of one contact say the same
        explained = store.explain(store.matching(), ann.id)[job.id]
        assert [(r.field, r.text) for r in explained] == [
            ("organization", "Bank"),
            ("notes", "banks"),
        ]
