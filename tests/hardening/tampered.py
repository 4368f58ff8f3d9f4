"""A database that another program wrote control characters into, behind netgoals' back."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from netgoals.core.models import Activity, Contact, Event, Link, Objective
from netgoals.storage import Store

TITLE_OSC = "\x1b]0;pwned\x07"  # sets the terminal's window title
CLIPBOARD_OSC = "\x1b]52;c;cHduZWQ=\x07"  # writes "pwned" to the clipboard
CLEAR = "\x1b[2J\x1b[H"  # clears the screen
C1_CSI = "\x9b31m"  # U+009B: a one-character CSI, then "red"

# The first contact in name order, so that every list shows it on its first page.
NAME = f"Aaron{TITLE_OSC} Eve{CLIPBOARD_OSC}"
ORGANIZATION = f"Bank{C1_CSI} of\x08 Tricks\x7f"
ROLE = f"Senior\x07\x08 Trader{CLEAR}"  # the controls inside a phrase the index matches
NOTES = f"Met at a meetup{CLEAR}\nfriendly\x07 trader{CLIPBOARD_OSC}\tcoffee"
TAGS = ["vip\x1b[5m", f"desk{C1_CSI}"]
OFFGOAL_NAME = f"Zoe{TITLE_OSC}\x1b[8m Plain"  # serves no objective
TITLE = f"Job as a trader{TITLE_OSC}"
ASK = f"Who hires traders?{CLEAR}\x08"
EVENT = f"Trading meetup{CLIPBOARD_OSC}"
ACTIVITY = f"Coffee with Eve{TITLE_OSC}\x9b2J"
LINK_NOTE = f"old colleague{C1_CSI}"


def tampered_database(path: Path, today: date) -> dict[str, int]:
    """Write a small network through netgoals, then rewrite its text with plain SQL, as another
    tool (a sync, a script, a damaged copy) would; returns the ids of what was rewritten."""
    with Store.open(path) as store:
        objective = store.save_objective(
            Objective(title="Job", keywords=["senior trader"], ask="?")
        )
        contact = store.save_contact(
            Contact(
                name="Aaron",
                role="Trader",
                cadence_days=30,
                last_contacted=today - timedelta(days=90),
            )
        )
        offgoal = store.save_contact(Contact(name="Zoe", organization="Plain Bank"))
        assert objective.id is not None and contact.id is not None
        store.set_link(Link(contact_id=contact.id, objective_id=objective.id, relation="helps"))
        event = store.save_event(
            Event(
                name="Meetup",
                starts_at=today + timedelta(days=3),
                objective_ids=[objective.id],
                contact_ids=[contact.id],
            )
        )
        activity = store.save_activity(
            Activity(
                date=today - timedelta(days=1),
                title="Coffee",
                objective_ids=[objective.id],
                contact_ids=[contact.id],
            )
        )
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute(
                "UPDATE contacts SET name = ?, organization = ?, role = ?, notes = ?, tags = ?,"
                " last_contacted = ? WHERE id = ?",  # a follow-up due: listed by name
                (
                    NAME,
                    ORGANIZATION,
                    ROLE,
                    NOTES,
                    json.dumps(TAGS),
                    (today - timedelta(days=90)).isoformat(),
                    contact.id,
                ),
            )
            conn.execute("UPDATE contacts SET name = ? WHERE id = ?", (OFFGOAL_NAME, offgoal.id))
            conn.execute(
                "UPDATE objectives SET title = ?, ask = ?, why = ? WHERE id = ?",
                (TITLE, ASK, NOTES, objective.id),
            )
            conn.execute(
                "UPDATE events SET name = ?, notes = ? WHERE id = ?", (EVENT, NOTES, event.id)
            )
            conn.execute(
                "UPDATE activities SET title = ?, outcome = ? WHERE id = ?",
                (ACTIVITY, NOTES, activity.id),
            )
            conn.execute("UPDATE links SET note = ?", (LINK_NOTE,))
    finally:
        conn.close()
    return {
        "objective": objective.id,
        "contact": contact.id,
        "event": event.id or 0,
        "activity": activity.id or 0,
    }
