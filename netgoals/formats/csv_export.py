"""`netgoals export csv`: one row per contact, with the objectives it serves, for spreadsheets.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and some strip a
leading tab or carriage return first), so such cells get a leading `'`: a name imported from a
hostile file stays text (docs/architecture.md, "Text from outside is only text").
"""

from __future__ import annotations

import csv
import io

from netgoals.core.models import Contact
from netgoals.formats.backup import CONTACT_FIELDS
from netgoals.storage import Store

# The contact's own fields (those of the backup, but its id), then what matching says of it.
COLUMNS = [f for f in CONTACT_FIELDS if f != "id"] + ["matched_objectives", "offgoal"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """`cell` made safe to open in a spreadsheet: never read as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _cells(contact: Contact, objectives: list[str], offgoal: bool) -> list[str]:
    values = {
        **{name: getattr(contact, name) for name in COLUMNS[:13]},
        "tags": ", ".join(contact.tags),
        "last_contacted": contact.last_contacted.isoformat() if contact.last_contacted else "",
        "cadence_days": str(contact.cadence_days) if contact.cadence_days else "",
        "matched_objectives": "; ".join(objectives),
        "offgoal": "yes" if offgoal else "no",
    }
    return [neutralise(values[name]) for name in COLUMNS]


def export_csv(store: Store) -> str:
    """Every contact (in id order) with the titles of the active objectives it matches, in
    priority order, and whether it is off-goal."""
    matching = store.matching()
    members = [(o.title, matching.members.get(o.id or 0, set())) for o in matching.objectives]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for contact in store.contacts():
        contact_id = contact.id or 0
        titles = [title for title, ids in members if contact_id in ids]
        writer.writerow(_cells(contact, titles, matching.is_offgoal(contact_id)))
    return buffer.getvalue()
