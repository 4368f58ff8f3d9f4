"""Control characters kept away from the terminal: removed from text, or shown as escapes.

The one definition of what a terminal would obey rather than show, for the models (which
clean what they store and read), the app (what it draws) and the commands (what they print).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import repeat

# C0 and C1 control characters, DEL included: what a terminal obeys rather than shows (ESC ] 0
# sets the window title, ESC ] 52 writes the clipboard, U+009B starts a sequence).
_C0_C1 = "\x00-\x1f\x7f-\x9f"
# Lone surrogates besides, which SQLite cannot store. One regular expression each: this runs
# on every text field of every imported row.
_CONTROLS = re.compile(rf"[{_C0_C1}\ud800-\udfff]")
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ESCAPED = re.compile(rf"[{_C0_C1}]")
# the tab, the line break, and the carriage return that ends a CSV or vCard line (\r\n) kept
_ESCAPED_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")


def drop_controls(text: str, *, keep_lines: bool = False) -> str:
    """`text` without its control characters (nor lone surrogates); with `keep_lines`, tabs
    and line breaks stay, and a carriage return becomes a line break. Nothing else changes:
    for text on its way to a screen (a pasted value, a message, a path)."""
    if keep_lines:
        return _CONTROLS_BUT_LINES.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROLS.sub("", text)


def escape_controls(text: str, *, keep_lines: bool = False) -> str:
    """`text` with every control character shown as a visible escape such as \\x1b, never
    obeyed: what is odd stays visible. With `keep_lines`, tabs, line breaks and the carriage
    return of a \\r\\n are kept as they are (printed text and files keep their lines)."""
    pattern = _ESCAPED_BUT_LINES if keep_lines else _ESCAPED
    return pattern.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def has_controls(value: str) -> bool:
    """Whether `value` holds a character that `drop_controls` removes.

    Cheap for ordinary text (one `isprintable` pass), so that 30,000 rows read straight from
    the database can be checked without cleaning each of them.
    """
    return not value.isprintable() and _CONTROLS.search(value) is not None


# The contacts list's order is the database's (`name COLLATE NOCASE, id`): the case of ASCII
# letters ignored and no other letter's, then code point order (the order of UTF-8 bytes).
_ASCII_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def name_key(name: str) -> bytes:
    """`name` as the contacts list (and SQLite's NOCASE) orders it."""
    return name.encode("utf-8", "surrogatepass").translate(_ASCII_FOLD)


def name_keys(names: Iterable[str]) -> Iterator[bytes]:
    """`name_key` of each of `names`, with no Python call per name (for a whole network)."""
    encoded = map(str.encode, names, repeat("utf-8"), repeat("surrogatepass"))
    return map(bytes.translate, encoded, repeat(_ASCII_FOLD))
