"""vCard files in (versions 2.1, 3.0 and 4.0, many cards to a file) and out (version 4.0).

Reading: lines are unfolded here, so that every card keeps the number of the line it starts on,
and each property line is parsed by vobject (parameters, groups such as `item1.URL`, and the
quoted-printable UTF-8 that phones write). Values are unescaped by the rules of the card's
version. A card with a line that cannot be read is skipped and reported; photos, sounds and keys
are ignored, readable or not.

Writing: vCard 4.0 (RFC 6350), UTF-8, CRLF, lines folded at 75 octets, tags as CATEGORIES; the
fields vCard has no property for are kept in `X-NETGOALS-*` properties, which this importer
reads back and other programs ignore.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vobject.base import VObjectError, parseLine

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Contact, Source
from netgoals.formats import people
from netgoals.formats.people import (
    Parsed,
    Row,
    Skipped,
    SkipReason,
    first_valid,
    join_name,
    join_notes,
    note_line,
)
from netgoals.storage import Store

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


def read_property(text: str, number: int) -> Property:
    """One logical line, parsed by vobject; a quoted-printable value is decoded here, in any
    case of spelling (vobject knows only upper case) and whatever charset it claims."""
    name, params, value, group = parseLine(text, number)
    words = [[word.upper() for word in param] for param in params]
    if not any(
        w == ["QUOTED-PRINTABLE"] or (w[0] == "ENCODING" and "QUOTED-PRINTABLE" in w) for w in words
    ):
        return Property(name.upper(), value, group or "")
    charset = next(
        (p[1] for p, w in zip(params, words, strict=True) if w[0] == "CHARSET" and len(p) > 1),
        "utf-8",
    )
    raw = quopri.decodestring(value.encode("utf-8"))
    decoded = raw.decode("latin-1")  # reads any byte: never an error, at worst mojibake
    for codec in (charset, "utf-8", "cp1252"):
        try:
            decoded = raw.decode(codec)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    return Property(name.upper(), decoded, group or "")


@dataclass
class _Card:
    line: int
    properties: list[Property] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_vcard(text: str) -> Parsed:
    """The cards of a vCard file, as rows of Contact fields."""
    if not re.search(r"^\s*BEGIN\s*:\s*VCARD\s*$", text, re.I | re.M):
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
                _finish(card, parsed)
                card = None
            continue
        if card is None or depth:
            continue
        if len(card.properties) + len(card.problems) >= MAX_CARD_LINES:
            raise NetgoalsError(
                f"line {card.line}: a card has more than {MAX_CARD_LINES:,} lines;"
                " nothing was imported"
            )
        try:
            card.properties.append(read_property(line, number))
        except (VObjectError, ValueError, LookupError):
            found = _NAME.match(line)
            name = found.group(1).upper() if found else ""
            if name in READ or name in EXTRA:
                # vobject's message quotes the raw line: never print a file's bytes to a terminal
                card.problems.append(f"line {number}: cannot read this {name} line")
    if card is not None:
        parsed.skipped.append(
            Skipped(card.line, SkipReason.INVALID, "the card is not closed (no END:VCARD)")
        )
    return parsed


def _finish(card: _Card, parsed: Parsed) -> None:
    if card.problems:
        parsed.skipped.append(Skipped(card.line, SkipReason.INVALID, "; ".join(card.problems)))
        return
    fields = card_fields(card.properties)
    if fields["name"]:
        parsed.rows.append(Row(card.line, fields))
    else:
        reason = SkipReason.NO_NAME if any(fields.values()) else SkipReason.EMPTY
        parsed.skipped.append(Skipped(card.line, reason))


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
    """The Contact fields of one card (FN, else N, else NICKNAME, else ORG for a name)."""
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
    phone, other_phones = first_valid("phone", values("TEL", "tel"))
    url, other_urls = first_valid("url", values("URL", "x-url"))
    url_labels = {text(p): labels.get(p.group.casefold(), "") for p in all_of("URL")}
    other_urls = [f"{u} ({url_labels[u]})" if url_labels.get(u) else u for u in other_urls]

    location = ""
    for prop in all_of("ADR")[:1]:
        address = [*parts(prop), "", "", "", "", "", "", ""][:7]
        location = ", ".join(p for p in (address[3], address[4], address[6]) if p) or address[2]
        location = " ".join(location.split())

    tags = [t for p in all_of("CATEGORIES") for t in parts(p, ",")]
    notes = join_notes(
        "\n\n".join(t for p in all_of("NOTE") if (t := text(p))),
        note_line("Department", units),
        note_line("Other organisations", [o[0] for o in organizations[1:] if o and o[0]]),
        note_line("Other roles", other_roles),
        note_line("Other emails", other_emails),
        note_line("Other phones", other_phones),
        note_line("Other web addresses", other_urls),
        note_line("Birthday", [t for p in all_of("BDAY")[:1] if (t := text(p))]),
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
    return fields


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
