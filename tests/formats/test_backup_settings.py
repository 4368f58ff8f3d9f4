"""The weekly target's history and typed durations in the JSON backup."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from netgoals.core.clock import fixed_clock
from netgoals.core.models import Activity, Settings
from netgoals.core.motivation import summarize
from netgoals.formats.backup import BackupError, export_json, import_backup, parse_json
from netgoals.storage import Store

TUESDAY = datetime(2026, 3, 10, 9, 30)  # its week starts on 2026-03-09


def document(**settings) -> str:
    return json.dumps({"format": "netgoals", "version": 1, "settings": settings})


def test_the_target_history_is_exported_and_restored_exactly(store: Store, tmp_path: Path):
    for day in ("2026-02-24", "2026-02-25", "2026-03-03", "2026-03-04"):
        store.save_activity(Activity(date=day, title=f"Coffee {day}"))
    store.save_settings(Settings(weekly_target=3))  # this week on: the two weeks before met 2
    first = export_json(store)
    assert json.loads(first)["settings"]["weekly_target_changes"] == [
        ["2026-03-02", 2],
        ["2026-03-09", 3],
    ]
    with Store.open(tmp_path / "restored.db", clock=fixed_clock(TUESDAY)) as restored:
        import_backup(restored, parse_json(first))
        assert export_json(restored) == first
        summary = summarize(
            restored.activity_history(),
            TUESDAY.date(),
            restored.settings().weekly_target,
            restored.weekly_target_changes(),
        )
        assert summary.streak == 2


def test_a_file_without_history_restores_its_target_for_every_week(tmp_path: Path):
    with Store.open(tmp_path / "new.db", clock=fixed_clock(TUESDAY)) as store:
        import_backup(store, parse_json(document(weekly_target=3)))
        assert store.settings().weekly_target == 3
        assert store.weekly_target_changes() == []  # as in the file's database: no history
        assert "weekly_target_changes" not in json.loads(export_json(store))["settings"]


def test_a_file_without_history_merged_into_a_past_changes_the_target_from_this_week(
    store: Store,
):
    store.save_activity(Activity(date="2026-03-03", title="Coffee"))
    import_backup(store, parse_json(document(weekly_target=4)))
    assert store.weekly_target_changes() == [(date(2026, 3, 2), 2), (date(2026, 3, 9), 4)]


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ("2026-03-02", "settings.weekly_target_changes: must be a list"),
        ([["2026-02-30", 2]], "settings.weekly_target_changes[0][0]: '2026-02-30' is not a real"),
        ([["2026-03-02", 0]], "settings.weekly_target_changes[0][1]: must be at least 1"),
        ([["2026-03-02"]], "settings.weekly_target_changes[0][1]: is required"),
    ],
)
def test_a_bad_target_history_refuses_the_file(changes, where):
    with pytest.raises(BackupError) as refused:
        parse_json(document(weekly_target=2, weekly_target_changes=changes))
    assert any(problem.startswith(where) for problem in refused.value.problems), (
        refused.value.problems
    )


def test_a_backup_takes_a_duration_as_the_form_does_and_writes_minutes(store: Store):
    activity = {"id": 1, "date": "2026-03-03", "title": "Coffee", "effort_minutes": "1h30"}
    text = json.dumps({"format": "netgoals", "version": 1, "activities": [activity]})
    import_backup(store, parse_json(text))
    assert json.loads(export_json(store))["activities"][0]["effort_minutes"] == 90
    with pytest.raises(BackupError) as refused:
        parse_json(text.replace('"1h30"', '"a while"'))
    assert refused.value.problems == [
        "activities[0].effort_minutes: 'a while' is not a duration: write 90, 1h30, 1:30 or 45m"
    ]
