"""The layers (storage alone speaks SQL, tui alone draws), checked on what Python actually
loads and on the code itself."""

from __future__ import annotations

import ast
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


# What running SQL looks like: a DB-API call, a connection reached through a store, the
# store's own query helpers, or a string that is a statement.
SQL_CALLS = {"execute", "executemany", "executescript", "cursor", "backup", "create_function"}
SQL_ATTRIBUTES = {"conn", "_query", "_tuples"}
SQL_TEXT = re.compile(
    r"^\s*(SELECT\s.+\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|"
    r"CREATE\s+(TABLE|INDEX|VIRTUAL|TRIGGER|VIEW)\s|DROP\s|ALTER\s+TABLE\s|PRAGMA\s|"
    r"BEGIN(\s|$)|COMMIT\b|ROLLBACK\b|SAVEPOINT\s|WITH\s+\w+\s+AS\s)",
    re.S,
)


def sql_found(source: str) -> list[str]:
    """What in `source` runs SQL, by the forms above (with the line of each)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if call and node.func.attr in SQL_CALLS:
            found.append(f"line {node.lineno}: .{node.func.attr}(")
        if isinstance(node, ast.Attribute) and node.attr in SQL_ATTRIBUTES:
            found.append(f"line {node.lineno}: .{node.attr}")
        text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if text and SQL_TEXT.match(node.value):
            found.append(f"line {node.lineno}: {node.value[:40]!r}")
        if isinstance(node, ast.JoinedStr):  # f-strings: their literal parts, joined
            literal = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            if SQL_TEXT.match(literal):
                found.append(f"line {node.lineno}: f{literal[:40]!r}")
    return found


def test_no_package_but_storage_runs_sql():
    checked = 0
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("storage/"):
            continue
        checked += 1
        assert sql_found(path.read_text(encoding="utf-8")) == [], relative
    assert checked > 20


@pytest.mark.parametrize(
    "source",
    [
        "store.conn.execute('x')",
        "cursor.executemany(sql, rows)",
        "rows = store._query('x')",
        "text = 'SELECT id FROM contacts WHERE id = ?'",
        "text = f'DELETE FROM {table} WHERE id = ?'",
        "text = 'INSERT INTO contacts (name) VALUES (?)'",
        "text = 'PRAGMA user_version'",
        "text = '  UPDATE contacts SET name = ?'",
    ],
)
def test_the_sql_check_finds_sql(source: str):
    assert sql_found(source)


@pytest.mark.parametrize(
    "source",
    ["label = 'Delete objective'", "help = 'Select a contact from the list'", "x.update(y)"],
)
def test_the_sql_check_lets_plain_words_through(source: str):
    assert sql_found(source) == []


def test_the_storage_package_is_where_the_sql_is():
    # the check would find the storage layer's own SQL: it is looking at the right things
    found = sql_found((PACKAGE / "storage" / "store.py").read_text(encoding="utf-8"))
    assert any("execute" in f for f in found) and any("SELECT" in f for f in found)


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
