"""The review on paper: Markdown and JSON."""

from __future__ import annotations

from datetime import date

from netgoals.core.models import Contact, Event, Link, Objective
from netgoals.formats.brief import document, markdown, md, review_from
from netgoals.storage import Store

TODAY = date(2026, 11, 25)


def fill(store: Store) -> Event:
    job = store.save_objective(
        Objective(title="Trader job", keywords=["trader"], ask="Do you know a *desk*?", why="Pay")
    )
    store.save_objective(Objective(title="Mentor", keywords=["zzz"], hangouts=["CFA [UK]"]))
    amy = store.save_contact(Contact(name="Amy_Lee", role="Trader"))
    bea = store.save_contact(Contact(name="Bea", introduces_to="a desk head"))
    store.set_link(
        Link(contact_id=bea.id, objective_id=job.id, relation="introduces", note="her brother")
    )
    return store.save_event(
        Event(
            name="Careers night",
            starts_at="2026-12-03T18:30",
            place="Hall",
            objective_ids=[job.id],
            contact_ids=[amy.id],
        )
    )


def test_markdown(store: Store):
    fill(store)
    text = markdown(review_from(store, TODAY))
    assert text.startswith("# Before you walk in: Careers night\n")
    assert "**Thursday 3 December 2026, 18:30** · Hall" in text
    assert "> **Do you know a \\*desk\\*?**" in text
    lines = text.splitlines()
    amy = lines.index('- **Amy\\_Lee** — Trader · expected there; matches "trader" (role)')
    bea = lines.index("- **Bea** · the way in: her brother")
    assert amy < bea
    assert "## ⚠ Gap" not in text  # the event is only for the trader job
    assert text.rstrip().endswith("This week: 0/2.")


def test_markdown_without_events_covers_every_objective_and_gaps(store: Store):
    fill(store)
    store.delete("event", store.events()[0].id)
    text = markdown(review_from(store, TODAY))
    assert "No event coming up" in text
    assert "## ⚠ Gap: Mentor" in text and "- CFA \\[UK\\]" in text


def test_json(store: Store):
    event = fill(store)
    data = document(review_from(store, TODAY))
    assert data["event"] == {
        "id": event.id,
        "name": "Careers night",
        "starts_at": "2026-12-03T18:30",
        "place": "Hall",
        "notes": "",
    }
    (objective,) = data["objectives"]
    assert [p["name"] for p in objective["people"]] == ["Amy_Lee", "Bea"]
    assert objective["people"][0]["attending"] and objective["people"][1]["way_in"]
    assert objective["people"][0]["reasons"][0]["field"] == "role"
    assert data["gaps"] == [] and data["also_attending"] == []


def test_md_escapes_markdown():
    assert md("[x](javascript:y) *b* _c_ `d` #e <f>") == (
        "\\[x\\](javascript:y) \\*b\\* \\_c\\_ \\`d\\` \\#e \\<f\\>"
    )
