from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from netgoals.core.models import (
    Activity,
    Contact,
    Event,
    Link,
    Objective,
    Relation,
    Settings,
    Status,
    describe,
    problems,
)


def refusal(model, **values) -> dict[str, str]:
    """The problems a model reports for `values`, as {field path: message}."""
    with pytest.raises(ValidationError) as caught:
        model(**values)
    return dict(problems(caught.value))


def test_objective_defaults_and_cleaning():
    objective = Objective(
        title="  Job as a trader \x1b[31m ",
        keywords=[" trader ", "Trader", "", "investment  bank", "TRADER"],
        hangouts="City Finance Forum; ,  Trading meetups",
        why="Line one\r\nline two\x07\tend",
    )
    assert objective.title == "Job as a trader [31m"
    assert objective.keywords == ["trader", "investment  bank"]
    assert objective.hangouts == ["City Finance Forum", "Trading meetups"]
    assert objective.why == "Line one\nline two\tend"
    assert objective.status is Status.ACTIVE and objective.is_active


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"title": "   "}, "title", "must not be blank"),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"title": "ok", "purpose": "fame"}, "purpose", "must be 'job'"),
        ({"title": "ok", "priority": "urgent"}, "priority", "'high', 'medium' or 'low'"),
        ({"title": "ok", "status": "done"}, "status", "must be"),
        ({"title": "ok", "target_date": "2027-02-30"}, "target_date", "not a real date"),
        ({"title": "ok", "target_date": "next week"}, "target_date", "YYYY-MM-DD"),
        ({"title": "ok", "keywords": ["x" * 201]}, "keywords[0]", "at most 200"),
        ({"title": "ok", "colour": "red"}, "colour", "not a field netgoals knows"),
    ],
)
def test_objective_refusals_name_the_field(values, field, words):
    found = refusal(Objective, **values)
    assert field in found, found
    assert words in found[field]


def test_title_of_exactly_200_characters_is_accepted():
    assert len(Objective(title="x" * 200).title) == 200


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"name": ""}, "name", "must not be blank"),
        ({"name": "\x00\x1b"}, "name", "must not be blank"),
        ({"name": "A", "email": "ann.example.org"}, "email", "not an email address"),
        ({"name": "A", "email": "ann@example"}, "email", "not an email address"),
        ({"name": "A", "url": "javascript:alert(1)"}, "url", "http:// or https://"),
        ({"name": "A", "url": "file:///etc/passwd"}, "url", "http:// or https://"),
        ({"name": "A", "url": "https://"}, "url", "not a web address"),
        ({"name": "A", "last_contacted": "2026-13-01"}, "last_contacted", "not a real date"),
        ({"name": "A", "cadence_days": 0}, "cadence_days", "must be at least 1"),
        ({"name": "A", "cadence_days": "often"}, "cadence_days", "not a whole number"),
        ({"name": "A", "cadence_days": 2.5}, "cadence_days", "whole number"),
        ({"name": "A", "source": "myspace"}, "source", "must be"),
        ({"name": "A", "phone": "1" * 61}, "phone", "at most 60"),
        ({"name": "A", "notes": "n" * 100_001}, "notes", "at most 100,000"),
    ],
)
def test_contact_refusals_name_the_field(values, field, words):
    found = refusal(Contact, **values)
    assert field in found, found
    assert words in found[field]


def test_contact_accepts_and_tidies_real_input():
    contact = Contact(
        name=" Zoë  Ångström ",
        email=" zoe@example.org ",
        url="linkedin.com/in/zoe",
        tags=["Neighbour", "neighbour ", "  ", "Running club"],
        last_contacted="2026-02-01",
        cadence_days="30",
        notes="x" * 100_000,
    )
    assert contact.name == "Zoë  Ångström"
    assert contact.email == "zoe@example.org"
    assert contact.url == "https://linkedin.com/in/zoe"
    assert contact.tags == ["Neighbour", "Running club"]
    assert contact.last_contacted == date(2026, 2, 1)
    assert contact.cadence_days == 30


def test_blank_optional_values_mean_nothing():
    contact = Contact(name="A", last_contacted="", cadence_days="", email=None)
    assert contact.last_contacted is None and contact.cadence_days is None
    assert contact.email == ""


def test_link_relations():
    assert Link(contact_id=1, objective_id=2).relation is Relation.HELPS
    found = refusal(Link, contact_id=0, objective_id="x", relation="likes")
    assert set(found) == {"contact_id", "objective_id", "relation"}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"effort_minutes": -1}, "effort_minutes"),
        ({"effort_minutes": 1441}, "effort_minutes"),
        ({"discomfort": 0}, "discomfort"),
        ({"discomfort": 6}, "discomfort"),
        ({"payback": -1}, "payback"),
        ({"payback": 6}, "payback"),
        ({"payback": True}, "payback"),
        ({"date": "2026-02-29"}, "date"),
        ({"kind": "party"}, "kind"),
        ({"objective_ids": [1, "two"]}, "objective_ids"),
    ],
)
def test_activity_out_of_range_values_are_refused(values, field):
    base = {"date": "2026-03-01", "title": "Meetup"}
    found = refusal(Activity, **{**base, **values})
    assert any(path.startswith(field) for path in found), found


def test_activity_edges_accepted_and_ids_deduplicated():
    activity = Activity(
        date="2026-03-01",
        title="All day",
        effort_minutes=1440,
        discomfort=5,
        payback=0,
        objective_ids=[2, 2, 3],
    )
    assert activity.objective_ids == [2, 3]


def test_event_start_is_a_date_or_a_date_and_time():
    assert Event(name="E", starts_at="2026-12-03").starts_at == date(2026, 12, 3)
    assert Event(name="E", starts_at="2026-12-03T18:30").starts_at == datetime(2026, 12, 3, 18, 30)
    assert Event(name="E", starts_at="2026-12-03 18:30").start_date == date(2026, 12, 3)
    assert "starts_at" in refusal(Event, name="E", starts_at="2026-12-03T25:00")
    assert "starts_at" in refusal(Event, name="E", starts_at="tomorrow")


def test_settings_weekly_target():
    assert Settings().weekly_target == 2
    assert "weekly_target" in refusal(Settings, weekly_target=0)


def test_describe_prefixes_paths():
    with pytest.raises(ValidationError) as caught:
        Contact(name="", email="x")
    text = describe(caught.value, "contacts[12]")
    assert "contacts[12].name: must not be blank" in text
    assert "contacts[12].email: 'x' is not an email address" in text


# Any string a person (or a file) can produce either validates or is refused with a message
# naming the field; it never crashes and never stores a control character.

TEXT_FIELDS = ["organization", "role", "location", "how_met", "notes", "introduces_to", "phone"]


@given(name=st.text(max_size=300), value=st.text(max_size=600), field=st.sampled_from(TEXT_FIELDS))
def test_any_text_validates_or_is_refused_clearly(name, value, field):
    try:
        contact = Contact(name=name, **{field: value})
    except ValidationError as error:
        found = problems(error)
        assert found and all(path in ("name", field) and message for path, message in found)
        return
    for text in (contact.name, getattr(contact, field)):
        assert text == text.strip()
        assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in text)
        assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    assert "\n" not in contact.name


@given(st.lists(st.text(max_size=30), max_size=20))
def test_any_list_of_words_is_tidied(items):
    try:
        objective = Objective(title="t", keywords=items)
    except ValidationError as error:
        assert all(path.startswith("keywords") for path, _ in problems(error))
        return
    folded = [k.casefold() for k in objective.keywords]
    assert len(folded) == len(set(folded))
    assert all(k and k == k.strip() for k in objective.keywords)


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.booleans(), st.none()))
def test_any_value_for_a_date_or_number_validates_or_is_refused(value):
    for model, field in ((Contact, "last_contacted"), (Contact, "cadence_days")):
        try:
            model(name="A", **{field: value})
        except ValidationError as error:
            assert [path for path, _ in problems(error)] == [field]


# --- durations as people type them ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("90", 90),
        ("1h30", 90),
        ("1:30", 90),
        ("45m", 45),
        ("2h", 120),
        ("1 h 30 min", 90),
        ("1h 30m", 90),
        ("90 min", 90),
        ("1H30M", 90),
        (" 2 hours ", 120),
        ("0:45", 45),
        ("24h", 1440),
        ("", 0),
        (75, 75),
    ],
)
def test_effort_is_read_as_people_write_a_duration(typed, minutes):
    activity = Activity(date="2026-03-01", title="Coffee", effort_minutes=typed)
    assert activity.effort_minutes == minutes


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "'abc' is not a duration: write 90, 1h30, 1:30 or 45m"),
        ("1.5h", "'1.5h' is not a duration: write 90, 1h30, 1:30 or 45m"),
        ("-5", "'-5' is not a duration: write 90, 1h30, 1:30 or 45m"),
        ("h", "'h' is not a duration: write 90, 1h30, 1:30 or 45m"),
        ("1h75", "'1h75' has 75 minutes past the hour: write 90, 1h30, 1:30 or 45m"),
        ("1:5", "'1:5' is not a duration: write 90, 1h30, 1:30 or 45m"),
        ("25h", "must be at most 1440"),
        ("1441", "must be at most 1440"),
        (True, "must be a whole number"),
        (1.5, "must be a whole number"),
    ],
)
def test_a_refused_duration_names_the_accepted_forms(typed, message):
    found = refusal(Activity, date="2026-03-01", title="Coffee", effort_minutes=typed)
    assert found == {"effort_minutes": message}


# --- every message a form can show is in plain words ----------------------------------------

CONTACT = {"name": "Ann"}
ACTIVITY = {"date": "2026-03-01", "title": "Coffee"}


@pytest.mark.parametrize(
    ("model", "values", "field", "message"),
    [
        # required, blank and too long
        (Objective, {"title": "  "}, "title", "must not be blank"),
        (Objective, {}, "title", "is required"),
        (Activity, {"title": "Coffee", "date": ""}, "date", "is required"),
        (Event, {"name": "E", "starts_at": ""}, "starts_at", "is required: write"),
        (Contact, {"name": "x" * 201}, "name", "must be at most 200 characters (this has 201)"),
        (Contact, {**CONTACT, "phone": "1" * 61}, "phone", "must be at most 60 characters"),
        (
            Objective,
            {"title": "t", "keywords": [f"k{n}" for n in range(201)]},
            "keywords",
            "must have at most 200 items (this has 201)",
        ),
        # numbers out of range or not numbers
        (Contact, {**CONTACT, "cadence_days": "0"}, "cadence_days", "must be at least 1"),
        (Contact, {**CONTACT, "cadence_days": "4000"}, "cadence_days", "must be at most 3650"),
        (Contact, {**CONTACT, "cadence_days": "often"}, "cadence_days", "'often' is not a whole"),
        (Contact, {**CONTACT, "cadence_days": "2.5"}, "cadence_days", "'2.5' is not a whole"),
        (Settings, {"weekly_target": "0"}, "weekly_target", "must be at least 1"),
        (Settings, {"weekly_target": "101"}, "weekly_target", "must be at most 100"),
        (Settings, {"weekly_target": [2]}, "weekly_target", "must be a whole number"),
        (Activity, {**ACTIVITY, "discomfort": 9}, "discomfort", "must be at most 5"),
        (Activity, {**ACTIVITY, "payback": -1}, "payback", "must be at least 0"),
        # choices
        (Objective, {"title": "t", "priority": "urgent"}, "priority", "must be 'high', 'medium'"),
        (Activity, {**ACTIVITY, "kind": "party"}, "kind", "must be 'event', 'meeting'"),
        # dates
        (Contact, {**CONTACT, "last_contacted": "yesterday"}, "last_contacted", "not a date:"),
        (Contact, {**CONTACT, "last_contacted": "2026-02-30"}, "last_contacted", "not a real"),
        (Event, {"name": "E", "starts_at": "soon"}, "starts_at", "'soon' is not a date and"),
        (Event, {"name": "E", "starts_at": "2026-12-03 25:00"}, "starts_at", "not a real date"),
        # addresses
        (Contact, {**CONTACT, "email": "ann@"}, "email", "'ann@' is not an email address"),
        (Contact, {**CONTACT, "url": "ftp://x.org"}, "url", "must start with http://"),
        # wrong kinds of value (from a file)
        (Objective, {"title": 5}, "title", "must be text"),
        (Objective, {"title": "t", "keywords": 5}, "keywords", "must be a list"),
        (Objective, {"title": "t", "keywords": [5]}, "keywords[0]", "must be text"),
        (Activity, {**ACTIVITY, "objective_ids": 5}, "objective_ids", "must be a list"),
        (Activity, {**ACTIVITY, "objective_ids": [0]}, "objective_ids[0]", "must be at least 1"),
    ],
)
def test_every_refusal_is_in_plain_words(model, values, field, message):
    found = refusal(model, **values)
    assert field in found, found
    assert found[field].startswith(message) or message in found[field], found[field]
    for phrase in ("Input should", "Value error", "greater than", "less than", "valid ", "List "):
        assert phrase not in found[field]


@given(
    st.dictionaries(
        st.sampled_from(["date", "effort_minutes", "discomfort", "payback", "objective_ids"]),
        st.one_of(st.text(max_size=8), st.integers(), st.floats(), st.none(), st.lists(st.text())),
    )
)
def test_no_refusal_speaks_pydantic(values):
    try:
        Activity(title="t", **values)
    except ValidationError as error:
        for _, message in problems(error):
            assert message and not message[0].isupper(), message
            # the message may quote what was typed ("'valid' is not a date"): judge the rest
            words = message
            for value in values.values():
                words = words.replace(repr(value), "")
            assert "Input should" not in words and "valid" not in words, message


# --- a date's hint and its refusal spell the format the same way ----------------------------


def test_date_refusals_spell_the_format_as_the_hints_do():
    assert refusal(Contact, name="A", last_contacted="3/10/2026") == {
        "last_contacted": "'3/10/2026' is not a date: write YYYY-MM-DD"
    }
    assert refusal(Event, name="E", starts_at="next Thursday") == {
        "starts_at": "'next Thursday' is not a date and time: write YYYY-MM-DD HH:MM"
        " (the time is optional)"
    }
