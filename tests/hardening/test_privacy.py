"""Private: no code path opens a network connection (docs/architecture.md)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "netgoals"
ROOT = PACKAGE.parent
NETWORK_MODULES = {
    "socket",
    "ssl",
    "http",
    "urllib3",
    "requests",
    "httpx",
    "aiohttp",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "telnetlib",
    "xmlrpc",
    "socketserver",
    "asyncio.streams",
    "webbrowser",
}
# urllib.parse only splits and quotes strings; urllib.request is what opens connections
ALLOWED_URLLIB = {"urllib.parse"}


def _imports(tree: ast.AST) -> list[str]:
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def test_the_package_imports_no_networking_module():
    offending = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for name in _imports(tree):
            top = name.split(".")[0]
            if name.startswith("urllib") and name not in ALLOWED_URLLIB:
                if not any(name.startswith(a) for a in ALLOWED_URLLIB):
                    offending.append((path.name, name))
            elif top in NETWORK_MODULES or name in NETWORK_MODULES:
                offending.append((path.name, name))
        for node in ast.walk(tree):  # __import__("socket") and the like
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in NETWORK_MODULES - {"http"}
            ):
                offending.append((path.name, node.value))
    assert offending == []


# Every way to reach another machine refuses; the event loop's own local socket pair (which
# connects nothing) keeps working.
GUARD = """
import socket, sys

def refuse(*args, **kwargs):
    raise SystemExit("netgoals tried to open a network connection")

class Guarded(socket.socket):
    connect = connect_ex = sendto = refuse

socket.socket = Guarded
socket.create_connection = refuse
socket.getaddrinfo = refuse
socket.gethostbyname = refuse
sys.argv = ["netgoals", *sys.argv[1:]]
"""

RUN_CLI = GUARD + "from netgoals.cli import main\nmain()\n"
RUN_APP = (
    GUARD
    + """
import asyncio
from netgoals.storage import Store
from netgoals.tui.app import NetgoalsApp

async def main():
    app = NetgoalsApp(Store.open(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        for keys in (["r"], ["escape", "v"], ["escape", "1", "enter"], ["escape", "question_mark"]):
            await pilot.press(*keys)
            await pilot.pause()
    print("app ok")

asyncio.run(main())
"""
)


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _start(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_commands_and_the_app_run_with_the_network_taken_away(tmp_path: Path):
    db = tmp_path / "demo.db"
    done = _python(RUN_CLI, "demo", "--db", str(db), "--no-open")
    assert done.returncode == 0, done.stderr
    backup = tmp_path / "b.json"
    done = _python(RUN_CLI, "--db", str(db), "export", "json", "-o", str(backup))
    assert done.returncode == 0, done.stderr
    runs = [
        (args, _start(RUN_CLI, *args))
        for args in (
            ["--db", str(db), "offgoal", "--json"],
            ["--db", str(db), "matches"],
            ["--db", str(db), "brief"],
            ["--db", str(db), "export", "vcard"],
            ["--db", str(tmp_path / "copy.db"), "import", "json", str(backup)],
        )
    ]
    runs.append((["app"], _start(RUN_APP, str(db))))
    for args, process in runs:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, (args, err)
    assert "app ok" in out
