"""The review reads only what it lists: the same review as one built from every contact's
summary and every follow-up, without reading them all."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from netgoals.core.clock import fixed_clock
from netgoals.core.motivation import due_contacts, summarize
from netgoals.core.review import build_review
from netgoals.demo import build_demo
from netgoals.formats.brief import review_from
from netgoals.storage import Store

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(tmp_path) -> Store:
    with Store.open(tmp_path / "demo.db", clock=fixed_clock(datetime(2026, 11, 25, 9))) as store:
        build_demo(store, TODAY)
        yield store


def review_from_everything(store: Store, event):
    """The review as built from the whole network's summaries, follow-ups and reasons."""
    matching = store.matching()
    return build_review(
        matching,
        store.contact_summaries(),
        event=event,
        due=due_contacts(store.cadence_contacts(), TODAY, matching.matched),
        summary=summarize(
            store.activity_history(),
            TODAY,
            store.settings().weekly_target,
            store.weekly_target_changes(),
        ),
        explain=lambda contact_id, objective: store.explain(matching, contact_id).get(
            objective.id or 0, []
        ),
    )


def test_the_review_of_every_event_equals_the_one_built_from_everything(demo: Store):
    events = demo.events()
    assert len(events) > 1
    late = 0
    for event in events:
        review = review_from(demo, TODAY, event=event)
        assert review == review_from_everything(demo, event)
        late += sum(p.due_days is not None for b in review.objectives for p in b.people)
    assert late  # follow-ups that are late are flagged


def test_the_review_reads_no_summary_or_follow_up_of_people_it_does_not_list(
    demo: Store, monkeypatch: pytest.MonkeyPatch
):
    event = demo.events()[0]
    expected = review_from_everything(demo, event)
    read = demo.cadence_contacts

    def every_summary() -> None:
        raise AssertionError("read every contact's organisation and role")

    def follow_ups(*, only: list[int] | None = None):
        if only is None:
            raise AssertionError("read every contact's follow-up")
        return read(only=only)

    monkeypatch.setattr(demo, "contact_summaries", every_summary)
    monkeypatch.setattr(demo, "cadence_contacts", follow_ups)
    assert review_from(demo, TODAY, event=event) == expected


def test_reading_some_contacts_gives_what_reading_all_gives_of_them(demo: Store):
    ids = sorted(demo.contact_summaries())[5:40:3]
    rows = demo.contact_list()
    assert demo.contact_list(only=ids) == [row for row in rows if row[0] in ids]
    assert demo.contact_list(only=[]) == []
    everyone = demo.cadence_contacts()
    assert demo.cadence_contacts(only=ids) == [c for c in everyone if c[0] in ids]
    summaries = demo.contact_summaries()
    assert demo.contact_summaries_of(ids) == {i: summaries[i] for i in ids}
    assert demo.contact_names() == {i: s[0] for i, s in summaries.items()}
    matching = demo.matching()
    for contact_id in ids:
        explained = demo.explain(matching, contact_id)
        for objective_id, reasons in explained.items():
            assert demo.explain(matching, contact_id, [objective_id]) == {objective_id: reasons}
