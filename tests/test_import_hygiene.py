"""The layers of DESIGN.md §5, checked on what Python actually loads."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "netgoals"


def loaded_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


@pytest.mark.parametrize(
    "statement",
    [
        "import netgoals.core.models, netgoals.core.clock, netgoals.core.errors",
        "import netgoals.storage",
        "import netgoals.formats.backup",
        "import netgoals.cli",
    ],
)
def test_headless_layers_do_not_load_textual(statement: str):
    modules = loaded_after(statement)
    assert not {m for m in modules if m == "textual" or m.startswith("textual.")}


def test_opening_an_existing_database_does_not_load_sqlite_utils(tmp_path):
    # sqlite-utils is for migrating; opening a current file must not pay for importing it
    from netgoals.storage import Store

    Store.open(tmp_path / "n.db").close()
    modules = loaded_after(
        f"from netgoals.storage import Store; Store.open({str(tmp_path / 'n.db')!r}).close()"
    )
    assert "sqlite_utils" not in modules


def test_core_loads_no_database_code():
    modules = loaded_after("import netgoals.core.models, netgoals.core.clock")
    assert "sqlite3" not in modules and "sqlite_utils" not in modules


def test_sql_and_textual_live_only_in_their_layers():
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        text = path.read_text(encoding="utf-8")
        if not relative.startswith("storage/"):
            assert "import sqlite" not in text and "from sqlite" not in text, relative
        if not relative.startswith("tui/"):
            assert "from textual" not in text and "import textual" not in text, relative
            assert "from rich" not in text and "import rich" not in text, relative
        if relative.startswith("core/"):
            higher = re.compile(r"^\s*(from|import)\s+netgoals\.(storage|formats|tui|cli)\b", re.M)
            assert not higher.search(text), relative


def test_the_main_screen_loads_no_dialog_until_one_is_opened():
    # what the first frame does not need is not imported before it (issue: fast at scale)
    modules = loaded_after("import netgoals.tui.app")
    assert not {m for m in modules if m.startswith("netgoals.tui.dialogs.")}
    assert not {m for m in modules if m.startswith("netgoals.formats")}


def test_every_dialog_name_is_found_in_its_module():
    from netgoals.tui import dialogs

    assert sorted(dialogs.__all__) == sorted(dialogs._MODULE_OF)
    for name, module in dialogs._MODULE_OF.items():
        home = importlib.import_module(f"netgoals.tui.dialogs.{module}")
        assert getattr(dialogs, name) is getattr(home, name), name
    with pytest.raises(AttributeError):
        _ = dialogs.NoSuchDialog
