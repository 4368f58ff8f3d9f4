"""From a file's bytes to its text: the one reader every import uses.

Decoding is decided per line, never for the whole file at once, so one bad byte cannot garble
everything else:

- a byte-order mark says UTF-8, UTF-16 LE or UTF-16 BE; UTF-16 without one is recognised by
  its zero bytes (every other byte of Latin text);
- a line that is valid UTF-8 is read as UTF-8, whatever else the file holds;
- in a file that holds UTF-8 elsewhere, a line that is not valid UTF-8 keeps its valid
  characters, its undecodable bytes become U+FFFD, and the line is named (`Text.replaced`);
- a file with no UTF-8 beyond ASCII was written in a legacy code page: its lines are read as
  Windows-1252 (`Text.legacy`), which a vCard's CHARSET parameter may then correct, as it may
  correct a line that was not UTF-8.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from netgoals.core.errors import NetgoalsError

# The size of a file to import, in bytes (a LinkedIn export of 30,000 connections is ~3 MB).
MAX_FILE_BYTES = 128 * 1024 * 1024
# The code page of files that are not UTF-8: what Windows and older spreadsheets write.
LEGACY = "cp1252"
_BYTES = "netgoals-bytes"
# One well-formed UTF-8 character beyond ASCII.
_UTF8_CHARACTER = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _as_bytes(error: UnicodeError) -> tuple[str | bytes, int]:
    """Windows-1252 leaves five bytes undefined: they are read as Latin-1 (U+0081...), and
    written back as the same byte, so that legacy text can be re-read in another code page."""
    if isinstance(error, UnicodeDecodeError):
        return error.object[error.start : error.end].decode("latin-1"), error.end
    if isinstance(error, UnicodeEncodeError):
        chunk = error.object[error.start : error.end]
        if all(ord(c) < 256 for c in chunk):
            return chunk.encode("latin-1"), error.end
    raise error


codecs.register_error(_BYTES, _as_bytes)


class Text(str):
    """The text of a file, with how it was read: `replaced` are the lines (from 1) whose
    undecodable bytes became U+FFFD (`undecoded` holds their bytes, for a format that says
    their code page), `legacy` whether it was read in the LEGACY code page."""

    replaced: tuple[int, ...] = ()
    undecoded: dict[int, bytes]
    legacy: bool = False
    encoding: str = "utf-8"

    @classmethod
    def of(
        cls,
        text: str,
        encoding: str,
        undecoded: dict[int, bytes] | None = None,
        legacy: bool = False,
    ) -> Text:
        made = cls(text)
        made.encoding, made.legacy = encoding, legacy
        made.undecoded = undecoded or {}
        made.replaced = tuple(sorted(made.undecoded))
        return made


def decode_value(raw: bytes, charset: str = "") -> tuple[str, bool]:
    """One value's bytes as text, and whether some of them could not be read (and are U+FFFD).

    In the `charset` it claims if Python knows it and it reads them; else UTF-8; else, when
    they hold UTF-8 characters, UTF-8 with the rest replaced; else the LEGACY code page.
    """
    for codec in (charset, "utf-8") if charset else ("utf-8",):
        try:
            return raw.decode(codec), False
        except (LookupError, UnicodeDecodeError):
            continue
    if _UTF8_CHARACTER.search(raw):
        return raw.decode("utf-8", errors="replace"), True
    return raw.decode(LEGACY, errors=_BYTES), False


def legacy_bytes(text: str) -> bytes:
    """The bytes a LEGACY-decoded `text` was read from (to read them again in another code
    page); characters that were not read from a byte are written as UTF-8."""
    try:
        return text.encode(LEGACY, errors=_BYTES)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def read_file(path: Path) -> bytes:
    """The bytes of `path`, or a NetgoalsError that says why not (also when it is larger than
    MAX_FILE_BYTES: at most that much is ever read)."""
    try:
        with path.expanduser().open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # a device or a growing file has no fixed size
    except FileNotFoundError:
        raise NetgoalsError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise NetgoalsError(f"{path} is a folder, not a file") from None
    except OSError as error:
        raise NetgoalsError(f"{path} cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise NetgoalsError(
            f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024):,} MB,"
            " the most netgoals imports from one file; nothing was imported"
        )
    return raw


def _utf16_without_bom(raw: bytes) -> str | None:
    """utf-16-le or utf-16-be when the zero bytes fall on one side of most pairs."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    if odd > pairs * 0.3 and even < pairs * 0.05:
        return "utf-16-le"
    if even > pairs * 0.3 and odd < pairs * 0.05:
        return "utf-16-be"
    return None


def decode(raw: bytes, name: str) -> Text:
    """The text of a file to import (see the module's description). Empty or binary files are
    refused with a NetgoalsError naming `name`."""
    if not raw.strip():
        raise NetgoalsError(f"{name} is empty")
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if raw.startswith(bom):
            return _checked(_lines(raw[len(bom) :], codec, utf8=True), name)
    wide = _utf16_without_bom(raw)
    if wide is not None:
        return _checked(_lines(raw, wide), name)
    if b"\x00" in raw:
        raise NetgoalsError(f"{name} is not a text file (it looks binary)")
    return _checked(_lines(raw, "utf-8"), name)


def _lines(raw: bytes, codec: str, *, utf8: bool = False) -> Text:
    """`raw` decoded; `utf8` when a byte-order mark has said UTF-8 already."""
    try:
        return Text.of(raw.decode(codec), codec)
    except UnicodeDecodeError:
        pass
    if codec != "utf-8":  # UTF-16 has no lines to decide by: replace what cannot be read
        text = raw.decode(codec, errors="replace")
        replaced = {n: b"" for n, line in enumerate(text.splitlines(), 1) if "\ufffd" in line}
        return Text.of(text, codec, replaced)
    lines = raw.splitlines(keepends=True)
    decoded: list[str | None] = []
    utf8_beyond_ascii = utf8
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            decoded.append(None)
            continue
        utf8_beyond_ascii = utf8_beyond_ascii or not line.isascii()
        decoded.append(text)
    if not utf8_beyond_ascii:
        return Text.of(raw.decode(LEGACY, errors=_BYTES), LEGACY, legacy=True)
    undecoded: dict[int, bytes] = {}
    for number, (line, text) in enumerate(zip(lines, decoded, strict=True), start=1):
        if text is None:
            decoded[number - 1] = line.decode("utf-8", errors="replace")
            undecoded[number] = line.rstrip(b"\r\n")
    return Text.of("".join(t or "" for t in decoded), "utf-8", undecoded)


def _checked(text: Text, name: str) -> Text:
    if text.startswith("\ufeff"):
        text = Text.of(text[1:], text.encoding, text.undecoded, text.legacy)
    if not text.strip():
        raise NetgoalsError(f"{name} is empty")
    if "\x00" in text:
        raise NetgoalsError(f"{name} is not a text file (it looks binary)")
    return text
