"""Import every real-world contact file of a corpus and say, per file, what came of it.

    python benchmarks/corpus.py [CORPUS]   (default: ../shared/corpus beside the repository)

Each file is imported into an empty database with no format named (netgoals recognises it),
imported again (which must add and change nothing), then exported as vCard and imported into
another empty database (which must give the same contacts back). Every stored text is searched
for garbled characters: mojibake (UTF-8 read as Windows-1252, "SelbststÃ¤ndig"), and U+FFFD
(bytes that were not text), which the import's summary must have named.
The corpus lives outside the repository and is only read.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netgoals.core.errors import NetgoalsError  # noqa: E402
from netgoals.formats.importers import load_file  # noqa: E402
from netgoals.formats.vcard import export_vcard  # noqa: E402
from netgoals.storage import Store  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus"
# UTF-8 read as a single-byte code page: a lead byte's character followed by a continuation's
MOJIBAKE = re.compile(r"[ÃÂÄÅÐÑØÙâ][\x80-\xbf\u0152-\u0178\u2013-\u203a\u20ac\u2122]|ï¿½")
COMPARED = ("name", "organization", "role", "email", "phone", "url", "location", "notes", "tags")


@dataclass
class Outcome:
    file: str
    kind: str = ""
    added: int = 0
    skipped: int = 0
    again: str = ""
    round_trip: str = ""
    garbled: list[str] | None = None
    replaced: int = 0  # stored values holding U+FFFD
    reported: str = ""  # what the import said of undecodable bytes
    refused: str = ""


def _contacts(store: Store) -> list[tuple[object, ...]]:
    return sorted(tuple(str(getattr(c, f)) for f in COMPARED) for c in store.contacts())


def _garbled(store: Store) -> tuple[list[str], int]:
    """The values that look like mojibake, and how many hold U+FFFD."""
    found: list[str] = []
    replaced = 0
    for contact in store.contacts():
        for name in COMPARED:
            value = str(getattr(contact, name))
            if MOJIBAKE.search(value):
                found.append(f"{contact.name!r} {name}: {value[:60]!r}")
            replaced += "\ufffd" in value
    return found, replaced


def try_file(path: Path, scratch: Path) -> Outcome:
    """Import `path` twice and round-trip it; what happened."""
    outcome = Outcome(file=path.name)
    first, second = scratch / f"{path.name}.db", scratch / f"{path.name}-2.db"
    try:
        loaded = load_file(path)
    except NetgoalsError as error:
        outcome.refused = str(error).replace(str(path), path.name)
        return outcome
    outcome.kind = loaded.importer.name
    with Store.open(first) as store:
        result = loaded.apply(store)
        outcome.reported = "\n".join(
            line for line in result.report().splitlines() if "not text" in line
        )
        outcome.added = getattr(result, "added", 0)
        outcome.skipped = len(getattr(result, "skipped", []))
        again = load_file(path).apply(store)
        changed = getattr(again, "added", 0) + getattr(again, "updated", 0)
        outcome.again = "nothing new" if changed == 0 else f"{changed} added or updated"
        outcome.garbled, outcome.replaced = _garbled(store)
        exported = export_vcard(store)
        before = _contacts(store)
    card = scratch / f"{path.name}.vcf"
    card.write_text(exported, encoding="utf-8")
    with Store.open(second) as store:
        load_file(card, "vcard").apply(store)
        after = _contacts(store)
    outcome.round_trip = "exact" if before == after else "differs"
    return outcome


def main(corpus: Path) -> int:
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".vcf", ".csv"))
    outcomes: dict[str, list[Outcome]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="netgoals-corpus-") as folder:
        for path in files:
            outcome = try_file(path, Path(folder))
            outcomes[path.parent.name].append(outcome)
            if outcome.refused:
                print(f"{path.parent.name}/{outcome.file}: refused: {outcome.refused}")
                continue
            print(
                f"{path.parent.name}/{outcome.file}: {outcome.kind}, added {outcome.added},"
                f" skipped {outcome.skipped}; again: {outcome.again};"
                f" vCard round trip: {outcome.round_trip}; garbled: {len(outcome.garbled or [])}"
                + (
                    f"; U+FFFD in {outcome.replaced}, reported: {outcome.reported.strip()}"
                    if outcome.replaced
                    else ""
                )
            )
            for text in outcome.garbled or []:
                print(f"    garbled {text}")
    print()
    print(
        "| folder | files | imported | refused | contacts | re-import adds nothing"
        " | round trip exact | garbled | undecodable bytes (reported) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for folder, rows in sorted(outcomes.items()):
        done = [r for r in rows if not r.refused]
        print(
            f"| {folder} | {len(rows)} | {len(done)} | {len(rows) - len(done)}"
            f" | {sum(r.added for r in done)}"
            f" | {sum(r.again == 'nothing new' for r in done)}/{len(done)}"
            f" | {sum(r.round_trip == 'exact' for r in done)}/{len(done)}"
            f" | {sum(len(r.garbled or []) for r in done)}"
            f" | {sum(r.replaced for r in done)} ({sum(bool(r.reported) for r in done)} files) |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
