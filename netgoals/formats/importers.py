"""Every kind of file netgoals imports, in one list: the command line's formats, the app's import
dialog and their help all come from IMPORTERS.

An importer is a name, a label and a module that defines three functions:

- ``recognise(text: str) -> bool``: whether the text is a file of this kind (from its content,
  never from its name); no two importers recognise the same file;
- ``load(text: str) -> T``: the file read, or a NetgoalsError that says why it cannot be;
- ``apply(store, loaded: T, *, dry_run: bool, progress) -> R``: write it in one transaction,
  where ``R.report()`` is the text that tells the user what was done.

Modules are imported only when a file is imported, so that the command line starts fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

from netgoals.core.errors import NetgoalsError

if TYPE_CHECKING:
    from netgoals.formats.people import Parsed, Progress
    from netgoals.storage import Store


class Reported(Protocol):
    def report(self) -> str: ...


@dataclass(frozen=True)
class Importer:
    """One kind of file netgoals imports."""

    name: str  # what the command line calls it: netgoals import NAME FILE
    label: str  # what the user calls it: "Outlook CSV"
    module: str  # where recognise, load and apply are
    # a JSON backup is UTF-8 by definition; contact files come in any encoding
    utf8_only: bool = False
    # netgoals' own export of an empty database is an empty file of this kind
    empty_is_nothing: bool = False
    # whether the file's path is put before what `load` says is wrong with it
    errors_name_the_file: bool = True

    @property
    def code(self) -> ModuleType:
        return importlib.import_module(self.module)

    def recognise(self, text: str) -> bool:
        return bool(self.code.recognise(text))

    def load(self, text: str) -> Any:
        return self.code.load(text)

    def apply(
        self, store: Store, loaded: Any, *, dry_run: bool = False, progress: Progress | None = None
    ) -> Reported:
        return self.code.apply(store, loaded, dry_run=dry_run, progress=progress)

    @property
    def a_label(self) -> str:
        return f"{'an' if self.label[:1] in 'AEIOU' else 'a'} {self.label}"


IMPORTERS: list[Importer] = [
    Importer(
        "json",
        "netgoals backup (.json)",
        "netgoals.formats.backup",
        utf8_only=True,
        errors_name_the_file=False,
    ),
    Importer("vcard", "vCard file (.vcf)", "netgoals.formats.vcard", empty_is_nothing=True),
    Importer("linkedin", "LinkedIn Connections.csv", "netgoals.formats.linkedin"),
    Importer("google", "Google Contacts CSV", "netgoals.formats.google"),
    Importer("outlook", "Outlook CSV", "netgoals.formats.outlook"),
    Importer("thunderbird", "Thunderbird CSV", "netgoals.formats.thunderbird"),
    Importer("yahoo", "Yahoo CSV", "netgoals.formats.yahoo"),
    Importer("ics", "calendar file (.ics): events", "netgoals.formats.ics"),
]


def names() -> list[str]:
    """The name of every importer, in the order they are tried."""
    return [importer.name for importer in IMPORTERS]


def named(name: str) -> Importer:
    """The importer called `name` (any case)."""
    for importer in IMPORTERS:
        if importer.name == name.casefold():
            return importer
    raise NetgoalsError(f"unknown format {name!r} ({', '.join(names())})")


# How much of a file its kind is recognised from: its header or first line is near its start.
RECOGNISED_FROM = 256 * 1024


def recognise(text: str) -> Importer | None:
    """The importer whose files look like `text`, or None."""
    head = text[:RECOGNISED_FROM]
    return next((importer for importer in IMPORTERS if importer.recognise(head)), None)


def parse(name: str, text: str) -> Parsed:
    """The rows of a contacts file of the importer called `name`."""
    return named(name).load(text)


@dataclass
class Loaded:
    """A file read by its importer, ready to be applied."""

    importer: Importer
    content: Any
    recognised: bool  # the importer was found from the content, not named

    def apply(
        self, store: Store, *, dry_run: bool = False, progress: Progress | None = None
    ) -> Reported:
        return self.importer.apply(store, self.content, dry_run=dry_run, progress=progress)


def load_file(path: Path, name: str | None = None) -> Loaded:
    """The file at `path` read by the importer called `name`, or else by the one that
    recognises it. A file that another importer recognises is refused, naming that one."""
    from netgoals.formats.text import decode, read_file

    chosen = named(name) if name else None
    raw = read_file(path)
    if chosen is not None and chosen.empty_is_nothing and not raw.strip():
        return Loaded(chosen, chosen.load(""), recognised=False)
    text = decode(raw, str(path))
    found = recognise(text)
    if chosen is None:
        if found is None:
            raise NetgoalsError(
                f"{path}: netgoals cannot tell what kind of file this is; it imports "
                + ", ".join(i.label for i in IMPORTERS)
            )
        chosen = found
    elif found is not None and found is not chosen:
        raise NetgoalsError(
            f"{path}: this is {found.a_label}, not {chosen.a_label}:"
            f" netgoals import {found.name} {path}"
        )
    if chosen.utf8_only and (text.encoding != "utf-8" or text.legacy or text.replaced):
        raise NetgoalsError(f"{path} is not UTF-8 text")
    try:
        content = chosen.load(text)
    except NetgoalsError as error:
        if not chosen.errors_name_the_file:
            raise
        raise NetgoalsError(f"{path}: {error}") from None
    return Loaded(chosen, content, recognised=name is None)
