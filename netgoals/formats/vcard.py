"""vCard files in (versions 2.1, 3.0 and 4.0, many cards to a file) and out (version 4.0).

Reading: lines are unfolded here, so that every card keeps the number of the line it starts on,
and each property line is parsed by vobject (parameters, groups such as `item1.URL`, and the
quoted-printable UTF-8 that phones write). Values are unescaped by the rules of the card's
version. A property that cannot be read is skipped and reported, never the card; photos, sounds
and keys are ignored, readable or not. In a file written in a legacy code page, each card is read
in the CHARSET it declares (any codec Python knows; an unknown one is ignored). Groups
(`KIND:group`) are not people: they are skipped and counted.

Writing: vCard 4.0 (RFC 6350), UTF-8, CRLF, lines folded at 75 octets, tags as CATEGORIES; the
fields vCard has no property for are kept in `X-NETGOALS-*` properties, which this importer
reads back and other programs ignore.
"""

from __future__ import annotations

import contextlib
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Contact, Source
from netgoals.formats import people
from netgoals.formats.people import (
    Notice,
    Parsed,
    Row,
    Skipped,
    SkipReason,
    apply,
    first_valid,
    join_name,
    join_notes,
    load_with,
    note_line,
)
from netgoals.formats.text import decode_value, legacy_bytes
from netgoals.storage import Store

__all__ = ["apply", "export_vcard", "load", "parse_vcard", "recognise"]

# The properties a card is read from: one of these that cannot be read spoils the card.
READ = {
    "FN",
    "N",
    "NICKNAME",
    "ORG",
    "TITLE",
    "ROLE",
    "NOTE",
    "CATEGORIES",
    "EMAIL",
    "TEL",
    "URL",
    "ADR",
    "BDAY",
    "VERSION",
}
EXTRA = {
    "X-NETGOALS-HOW-MET": "how_met",
    "X-NETGOALS-INTRODUCES-TO": "introduces_to",
    "X-NETGOALS-LAST-CONTACTED": "last_contacted",
    "X-NETGOALS-CADENCE-DAYS": "cadence_days",
}
_BREAK = re.compile(r"\r\n|\r|\n")
_BEGIN = re.compile(r"\s*BEGIN\s*:\s*VCARD\s*", re.I)
_END = re.compile(r"\s*END\s*:\s*VCARD\s*", re.I)
_NAME = re.compile(r"\s*(?:[\w-]+\.)?([\w-]+)\s*[;:]")
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_CARD = re.compile(r"^\s*BEGIN\s*:\s*VCARD\s*$", re.I | re.M)
_CHARSET = re.compile(r"[;:]\s*CHARSET\s*=\s*\"?([\w.:-]+)", re.I)
# An empty parameter (Outlook's `ADR;HOME;PREF;:`), which vobject refuses.
_EMPTY_PARAMETER = re.compile(r";+(?=[;:])")
# Lines of one card (a phone's card has a few dozen): a file is refused rather than read into
# millions of properties.
MAX_CARD_LINES = 10_000


# --- reading ---------------------------------------------------------------------------------


def _physical_lines(text: str) -> Iterator[str]:
    """The lines of `text` one at a time, as `_BREAK.split(text)` gives them all at once (a list
    of millions of tiny strings is many times the size of the file)."""
    position = 0
    for found in _BREAK.finditer(text):
        yield text[position : found.start()]
        position = found.end()
    yield text[position:]


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfold `text` into (number of the line it starts on, logical line), blank lines dropped.

    A line starting with a space or a tab continues the one before (3.0, 4.0); a
    quoted-printable value ending in `=` continues on the next line (2.1).

    The pieces of a logical line are collected and joined once, and whether it is
    quoted-printable is decided from its name and parameters alone: a note of a million
    folded lines is read in time proportional to its length.
    """
    pieces: list[str] = []
    start = 0
    head = ""  # the end of the name and parameters read so far (up to the first ":")
    head_done = False
    quoted = False
    for number, line in enumerate(_physical_lines(text), start=1):
        if pieces and quoted and pieces[-1].endswith("="):
            pieces[-1] = pieces[-1][:-1]  # a soft line break
        elif pieces and line[:1] in (" ", "\t"):
            line = line[1:]
        else:
            if pieces:
                yield start, "".join(pieces)
            pieces, start = ([], 0)
            head, head_done, quoted = "", False, False
            if not line.strip():
                continue
            start = number
        pieces.append(line)
        if not head_done:
            before, colon, _ = line.partition(":")
            # the word may straddle two pieces: keep only as much of the head as it needs
            head += before
            quoted = quoted or "QUOTED-PRINTABLE" in head.upper()
            head, head_done = head[-len("QUOTED-PRINTABLE") :], bool(colon)
    if pieces:
        yield start, "".join(pieces)


@dataclass(frozen=True, slots=True)
class Property:
    """One property of a card, its value still escaped as the card's version escapes it."""

    name: str  # upper case: EMAIL
    value: str
    group: str = ""  # item1 in item1.URL


def _parse_line(text: str, number: int) -> tuple[str, list[list[str]], str, str | None]:
    """vobject's reading of one line (a ValueError if it cannot), imported only when a vCard
    is read: recognising a file of another kind need not load it."""
    from vobject.base import VObjectError, parseLine

    try:
        try:
            return parseLine(text, number)
        except VObjectError:
            head, colon, rest = text.partition(":")
            if not colon or not _EMPTY_PARAMETER.search(head + colon):
                raise
            return parseLine(_EMPTY_PARAMETER.sub("", head + colon) + rest, number)
    except VObjectError:
        raise ValueError(f"line {number}: cannot read this line") from None


def read_property(
    text: str, number: int, *, legacy: bool = False, charset: str = "", notices: list | None = None
) -> Property:
    """One logical line, parsed by vobject; a quoted-printable value is decoded here, in any
    case of spelling (vobject knows only upper case) and in the charset it claims, else
    `charset` (the card's), else UTF-8 (`decode_value`). A `legacy` line (read from the file as
    Windows-1252) is read again in that charset. A value with bytes that cannot be read is
    named in `notices`."""
    name, params, value, group = _parse_line(text, number)
    words = [[word.upper() for word in param] for param in params]
    own = next(
        (p[1] for p, w in zip(params, words, strict=True) if w[0] == "CHARSET" and len(p) > 1),
        "",
    )
    charset = own or charset
    if not any(
        w == ["QUOTED-PRINTABLE"] or (w[0] == "ENCODING" and "QUOTED-PRINTABLE" in w) for w in words
    ):
        if legacy and charset and not value.isascii():
            # a charset Python does not know, or that cannot read it: as the file was read
            with contextlib.suppress(LookupError, UnicodeDecodeError):
                value = legacy_bytes(value).decode(charset)
        return Property(name.upper(), value, group or "")
    decoded, bad = decode_value(quopri.decodestring(value.encode("utf-8")), charset)
    if bad and notices is not None:
        notices.append(Notice(number, people.UNDECODABLE))
    return Property(name.upper(), decoded, group or "")


@dataclass
class _Card:
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


def recognise(text: str) -> bool:
    """Whether `text` is a vCard file (it has a BEGIN:VCARD line)."""
    return _CARD.search(text) is not None


def load(text: str) -> Parsed:
    """The cards of a vCard file (none for an empty file: netgoals' own export of an empty
    database), and what was noticed reading them."""
    if not text.strip():
        return Parsed(source=Source.VCARD)
    return load_with(parse_vcard, text)


def parse_vcard(text: str) -> Parsed:
    """The cards of a vCard file, as rows of Contact fields."""
    if not recognise(text):
        raise NetgoalsError("not a vCard file: it has no BEGIN:VCARD line")
    parsed = Parsed(source=Source.VCARD)
    card: _Card | None = None
    cards = 0
    depth = 0  # cards inside a card (vCard 2.1's AGENT) are not people of this file
    for number, line in logical_lines(text):
        if _BEGIN.fullmatch(line):
            if card is None:
                cards += 1
                if cards > people.MAX_ROWS:
                    raise NetgoalsError(
                        f"line {number}: the file has more than {people.MAX_ROWS:,} cards, the most"
                        " netgoals imports at once; nothing was imported"
                    )
                card = _Card(number)
            else:
                depth += 1
            continue
        if _END.fullmatch(line):
            if depth:
                depth -= 1
            elif card is not None:
                _finish(card, parsed, text)
                card = None
            continue
        if card is None or depth:
            continue
        if len(card.lines) >= MAX_CARD_LINES:
            raise NetgoalsError(
                f"line {card.line}: a card has more than {MAX_CARD_LINES:,} lines;"
                " nothing was imported"
            )
        card.lines.append((number, line))
    if card is not None:
        parsed.skipped.append(
            Skipped(card.line, SkipReason.INVALID, "the card is not closed (no END:VCARD)")
        )
    return parsed


def _charset(line: str) -> str:
    found = _CHARSET.search(line.partition(":")[0] + ":")
    return found.group(1) if found else ""


def _finish(card: _Card, parsed: Parsed, text: str) -> None:
    legacy = bool(getattr(text, "legacy", False))
    undecoded: dict[int, bytes] = getattr(text, "undecoded", {})
    declared = next((c for _, line in card.lines if (c := _charset(line))), "")
    properties: list[Property] = []
    notices: list[Notice] = []
    for number, line in card.lines:
        raw = undecoded.get(number)
        charset = _charset(line) or declared
        if raw is not None and charset:
            # a line that is not UTF-8 in a file that is, read in the charset its card names
            again, bad = decode_value(raw, charset)
            line = line.replace(raw.decode("utf-8", errors="replace"), again, 1)
            if not bad:
                parsed.read_after_all.add(number)
        try:
            properties.append(
                read_property(line, number, legacy=legacy, charset=declared, notices=notices)
            )
        except (ValueError, LookupError):
            found = _NAME.match(line)
            name = found.group(1).upper() if found else ""
            if name in READ or name in EXTRA:
                # vobject's message quotes the raw line: never print a file's bytes to a terminal
                notices.append(Notice(number, f"unreadable {name} property skipped"))
    kinds = {p.value.strip().casefold() for p in properties if p.name in _KIND}
    if "group" in kinds:
        parsed.skipped.append(Skipped(card.line, SkipReason.GROUP))
        return
    fields, named_from = _card(properties)
    if fields["name"]:
        parsed.rows.append(Row(card.line, fields))
        parsed.notices += notices
        if named_from:
            parsed.notices.append(Notice(card.line, f"no name: named from its {named_from}"))
    else:
        reason = SkipReason.NO_NAME if any(fields.values()) else SkipReason.EMPTY
        parsed.skipped.append(Skipped(card.line, reason))


_KIND = {"KIND", "X-ADDRESSBOOKSERVER-KIND"}


def split_escaped(value: str, separator: str) -> list[str]:
    """`value` split on each `separator` that no backslash escapes (escapes are kept)."""
    parts: list[str] = []
    current: list[str] = []
    characters = iter(value)
    for character in characters:
        if character == "\\":
            current.append(character + next(characters, ""))
        elif character == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(character)
    parts.append("".join(current))
    return parts


def unescape(value: str, version: str) -> str:
    r"""A text value with its backslash escapes read: `\n` is a line break (3.0, 4.0), `\,`
    `\;` `\\` `\:` the character itself. vCard 2.1 escapes only `\;`, so other backslashes
    (a Windows path in a note) are left as they are there."""
    if "\\" not in value:
        return value
    if version.startswith("2"):
        return re.sub(r"\\([;,\\])", r"\1", value)

    def read(found: re.Match[str]) -> str:
        character = found.group(1)
        return "\n" if character in "nN" else character

    return re.sub(r"\\(.)", read, value, flags=re.S)


def card_fields(properties: list[Property]) -> dict[str, Any]:
    """The Contact fields of one card (FN, else N, else NICKNAME, else ORG, else EMAIL for a
    name)."""
    return _card(properties)[0]


def _card(properties: list[Property]) -> tuple[dict[str, Any], str]:
    """The Contact fields of one card, and what its name was taken from when it had none."""
    named: dict[str, list[Property]] = {}
    for prop in properties:
        named.setdefault(prop.name, []).append(prop)
    version = next((p.value.strip() for p in named.get("VERSION", ())), "3.0")

    def text(prop: Property) -> str:
        return unescape(prop.value, version).strip()

    def parts(prop: Property, separator: str = ";") -> list[str]:
        return [unescape(p, version).strip() for p in split_escaped(prop.value, separator)]

    def all_of(name: str) -> list[Property]:
        return named.get(name, [])

    labels = {
        p.group.casefold(): _APPLE_LABEL.sub(r"\1", text(p)) for p in all_of("X-ABLABEL") if p.group
    }

    name = next((t for p in all_of("FN") if (t := text(p))), "")
    for prop in all_of("N"):
        if name:
            break
        family, given, additional, prefix, suffix = ([*parts(prop), "", "", "", "", ""])[:5]
        name = join_name(*(p.replace(",", " ") for p in (prefix, given, additional, family)))
        name = join_name(name, suffix.replace(",", " "))
    name = name or next((t for p in all_of("NICKNAME") if (t := text(p))), "")
    organizations = [parts(p) for p in all_of("ORG")]
    organization = organizations[0][0] if organizations else ""
    units = [u for u in (organizations[0][1:] if organizations else []) if u]
    named_from = "" if name else "organisation" if organization else ""
    name = name or organization

    role = next((t for p in all_of("TITLE") if (t := text(p))), "")
    other_roles = [t for p in all_of("ROLE") if (t := text(p))]
    if not role and other_roles:
        role, other_roles = other_roles[0], other_roles[1:]

    def values(prop_name: str, scheme: str) -> list[str]:
        out: list[str] = []
        for prop in all_of(prop_name):
            value = re.sub(rf"^{scheme}:", "", text(prop), flags=re.I).strip()
            if value and value not in out:
                out.append(value)
        return out

    email, other_emails = first_valid("email", values("EMAIL", "mailto"))
    if not name and (email or other_emails):
        name, named_from = email or other_emails[0], "email"
    phone, other_phones = first_valid("phone", values("TEL", "tel"))
    url, other_urls = first_valid("url", values("URL", "x-url"))
    url_labels = {text(p): labels.get(p.group.casefold(), "") for p in all_of("URL")}
    other_urls = [f"{u} ({url_labels[u]})" if url_labels.get(u) else u for u in other_urls]

    location = ""
    addresses: list[str] = []
    for prop in all_of("ADR"):
        address = [" ".join(p.split()) for p in [*parts(prop), "", "", "", "", "", "", ""][:7]]
        if not location:
            location = ", ".join(p for p in (address[3], address[4], address[6]) if p)
            location = location or address[2]
        written = ", ".join(p for p in address if p)
        # an address that says no more than the location (as netgoals exports it) is that
        if written and written != location and written not in addresses:
            addresses.append(written)

    # In 2.1 and 3.0 cards, `a\, b` is two categories: the programs that write those escape the
    # commas between categories. In 4.0 (which netgoals writes) it is one, with a comma in it.
    separator = r"(?<!\\)," if version.startswith("4") else r"\\?,"
    tags = [
        t
        for p in all_of("CATEGORIES")
        for piece in re.split(separator, p.value)
        if (t := unescape(piece, version).strip())
    ]
    notes = join_notes(
        "\n\n".join(t for p in all_of("NOTE") if (t := text(p))),
        note_line("Department", units),
        note_line("Other organisations", [o[0] for o in organizations[1:] if o and o[0]]),
        note_line("Other roles", other_roles),
        note_line("Other emails", other_emails),
        note_line("Other phones", other_phones),
        note_line("Other web addresses", other_urls),
        note_line("Birthday", [t for p in all_of("BDAY")[:1] if (t := text(p))]),
        *(note_line("Address", [a]) for a in addresses),
    )
    fields: dict[str, Any] = {
        "name": name,
        "organization": organization,
        "role": role,
        "email": email,
        "phone": phone,
        "url": url,
        "location": location,
        "tags": tags,
        "notes": notes,
    }
    for prop_name, field_name in EXTRA.items():
        found = next((t for p in all_of(prop_name) if (t := text(p))), "")
        if found:
            fields[field_name] = found
    return fields, named_from


# --- writing ---------------------------------------------------------------------------------


def escape(value: str) -> str:
    """A text value as vCard 4.0 writes it: backslash, comma, semicolon and newline escaped."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line: str, limit: int = 75) -> str:
    """One content line folded into lines of at most `limit` octets of UTF-8, each ending in
    CRLF; a continuation starts with a space. A character is never cut in two."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(character)
        size += width
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) for the N property: the last word is taken as the family name."""
    words = name.split()
    if len(words) < 2:
        return "", name
    return words[-1], " ".join(words[:-1])


def contact_card(contact: Contact) -> str:
    """One contact as a vCard 4.0 card."""
    family, given = _split_name(contact.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{escape(contact.name)}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    simple = (
        ("ORG", contact.organization),
        ("TITLE", contact.role),
        ("EMAIL", contact.email),
        ("TEL", contact.phone),
        ("URL", contact.url),
    )
    lines += [f"{name}:{escape(value)}" for name, value in simple if value]
    if contact.location:
        lines.append(f"ADR:;;;{escape(contact.location)};;;")
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in contact.tags))
    if contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    extra = {
        "how_met": contact.how_met,
        "introduces_to": contact.introduces_to,
        "last_contacted": contact.last_contacted.isoformat() if contact.last_contacted else "",
        "cadence_days": str(contact.cadence_days or ""),
    }
    for prop_name, field_name in EXTRA.items():
        if extra[field_name]:
            lines.append(f"{prop_name}:{escape(extra[field_name])}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def export_vcard(store: Store) -> str:
    """Every contact as one vCard 4.0 file."""
    return "".join(contact_card(contact) for contact in store.contacts())
