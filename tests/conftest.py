"""Shared fixtures: every test gets its own folder and a clock stopped at a fixed moment."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from netgoals.core.clock import Clock, fixed_clock
from netgoals.storage import Store

NOW = datetime(2026, 3, 10, 9, 30)

# Property tests judge what the code does, never how fast this machine is: the suite runs its
# tests two at a time, and on a busy machine a first example (building a model's validators)
# can take seconds. A test that sets its own settings keeps them.
settings.register_profile("netgoals", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("netgoals")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the user's own data folder, whatever it calls."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("NETGOALS_DB", raising=False)


@pytest.fixture
def clock() -> Clock:
    return fixed_clock(NOW)


@pytest.fixture
def store(tmp_path: Path, clock: Clock):
    with Store.open(tmp_path / "netgoals.db", clock=clock) as opened:
        yield opened
