"""Hostile text: what a name or note in an imported file may hold (docs/architecture.md)."""

from __future__ import annotations

import re

MARKUP = "[bold red]Mallory[/bold red]"
LINK = "[link=file:///etc/passwd]click me[/link]"
ANSI = "\x1b[31mred\x1b[0m \x1b[2J\x1b[H"
OSC = "\x1b]8;;file:///etc/passwd\x1b\\osc link\x1b]8;;\x1b\\ \x1b]0;pwned title\x07"
CONTROLS = "nul\x00bel\x07bs\x08vt\x0bff\x0cdel\x7fcsi\x9b"
RTL = "\u202egnp.exe\u202c \u05e9\u05dc\u05d5\u05dd \u0627\u0644\u0633\u0644\u0627\u0645"
ZERO_WIDTH = "zero\u200bwidth\u200d\u2060join\ufeff"
EMOJI = "👩‍💻 🚀 🇬🇧 🏳️‍🌈"
FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
]
LONG_NOTE = ("A long note. " * 8000)[:100_000]  # exactly the longest a note may be

# The text each value must be stored as: control characters gone, everything else verbatim.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def stored_line(text: str) -> str:
    return _CONTROL.sub("", text.replace("\n", " ")).strip()


def has_terminal_controls(text: str, allowed: str = "\n\t") -> bool:
    """Whether `text` holds a C0 or C1 control character other than `allowed`."""
    return any(c not in allowed and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F) for c in text)


NAMES = [MARKUP, LINK, ANSI, OSC, CONTROLS, RTL, ZERO_WIDTH, EMOJI, *FORMULAS]
