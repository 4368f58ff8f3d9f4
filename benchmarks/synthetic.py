"""A realistic synthetic netgoals database for the benchmark (and for trying the app at scale).

Deterministic: the same arguments always build the same database.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from netgoals.core.clock import fixed_clock
from netgoals.core.models import Activity, Contact, Event, Link, Objective, Settings
from netgoals.storage import Store
from netgoals.storage.importing import insert_contacts

TODAY = date(2026, 11, 25)

FIRST = (
    "Ada Ben Chloé Dev Emma Farah Gus Hana Ivan Jo Kemi Liam Mia Noor Olu Pia Quinn Ravi Sara Tom "
    "Uma Vik Wen Xavi Yara Zoë José Søren Aoife Bảo Łukasz Nadia Kenji Ines Mateo Priya Tariq"
).split()
LAST = (
    "Smith Okafor Martin Nowak Chen García Müller Haddad Kapoor Silva Rossi Dubois Tanaka Kim "
    "Novak Hughes Adeyemi Larsen O'Brien Walsh Costa Patel Ito Jensen Moreau Romero Schmidt"
).split()
ORG_FIRST = (
    "Northgate Harbour Meridian Thameside Larkspur Kestrel Bluewater Ashford Granite Cedar "
    "Riverside Summit Orchard Beacon Falcon Westbrook Hollow Ironbridge Silverline Fenwick"
).split()
ORG_KIND = (
    "Bank|Investment Bank|Capital|Logistics|Foods|Health|Studio|Partners|Labs|Retail|Consulting|"
    "University|Council|Trust|Insurance|Energy|Media|Software|Pharma|Motors|Hotels|Law"
).split("|")
ROLES = (
    "Equity Trader|FX Sales Trader|Risk Analyst|Software Engineer|Nurse|Teacher|Designer|"
    "Operations Manager|Director|Recruiter|Chef|Lawyer|Accountant|Sales Executive|"
    "Product Manager|Data Scientist|Portfolio Manager|Head of Trading|Compliance Officer|"
    "Marketing Lead|Architect|Pharmacist|Journalist|Civil Engineer|HR Business Partner|"
    "Founder|Consultant|Researcher|Photographer|Electrician|Barista|Student"
).split("|")
TAGS = (
    "family friend neighbour colleague classmate alumni running choir football climbing "
    "conference meetup linkedin mentor client supplier investor fintech retail health design "
    "london manchester remote volunteer book-club parents"
).split()
CITIES = "London|Manchester|Leeds|Bristol|Edinburgh|Dublin|Paris|Berlin|New York|Zürich".split("|")
WORDS = (
    "met at a conference and talked about markets hiring careers and the weekend "
    "knows people in trading insurance software retail and logistics likes climbing "
    "coffee football books moving to a new role soon introduced by a friend from "
    "university works with derivatives payments data hospitals schools and startups"
).split()
KEYWORDS = (
    "trader|investment bank|bank|hedge fund|derivatives|risk analyst|portfolio manager|fintech|"
    "payments|data scientist|software|startup|investor|recruiter|head of trading|insurance|"
    "compliance|consulting|logistics|retail|hospital|pharma|energy|media|journalist|design|"
    "architect|law|university|research|marketing|sales|founder|london|manchester|zurich|"
    "berlin|climbing|football|choir|mentor|alumni|conference|meetup|product manager|"
    "operations|electrician|photography|quantum computing|space tourism"
).split("|")


def synthetic_contact(rng: random.Random, index: int) -> Contact:
    org = f"{rng.choice(ORG_FIRST)} {rng.choice(ORG_KIND)}" if rng.random() < 0.85 else ""
    notes = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 25)))
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return Contact(
        name=f"{name} {index}" if index % 7 == 0 else name,
        organization=org,
        role=rng.choice(ROLES) if rng.random() < 0.9 else "",
        email=f"person{index}@example.org" if rng.random() < 0.6 else "",
        url=f"https://www.linkedin.com/in/person-{index}" if rng.random() < 0.8 else "",
        location=rng.choice(CITIES),
        tags=rng.sample(TAGS, rng.randint(0, 4)),
        how_met=rng.choice(["LinkedIn", "conference", "school", "work", "a friend", ""]),
        notes=notes,
        introduces_to=rng.choice(["", "", "", "her manager at a bank", "the head of design"]),
        last_contacted=TODAY - timedelta(days=rng.randint(1, 400)) if rng.random() < 0.3 else None,
        cadence_days=rng.choice([None, None, 30, 60, 90]),
        source="linkedin",
    )


def build(
    path: Path,
    contacts: int,
    *,
    objectives: int = 50,
    active: int = 40,
    keywords_each: int = 5,
    activities: int = 5000,
    events: int = 20,
    seed: int = 7,
) -> Path:
    """Write a synthetic database of the given size to `path` (which must not exist)."""
    rng = random.Random(seed)
    clock = fixed_clock(datetime.combine(TODAY, time(9)))
    with Store.open(path, clock=clock) as store, store.transaction():
        # the importer's own bulk write: the database is built as an import would build it
        insert_contacts(
            store, [synthetic_contact(rng, i) for i in range(contacts)], store.timestamp()
        )
        contact_ids = store.contact_ids()
        objective_ids = []
        for i in range(objectives):
            saved = store.save_objective(
                Objective(
                    title=f"Objective {i + 1}: {rng.choice(KEYWORDS)}",
                    purpose=rng.choice(["job", "sales", "mentor", "career", "opportunities"]),
                    keywords=rng.sample(KEYWORDS, keywords_each),
                    hangouts=["A meetup", "A forum"],
                    priority=rng.choice(["high", "medium", "low"]),
                    status="active" if i < active else "paused",
                    why="Because it matters.",
                    ask="Do you know someone who could help?",
                )
            )
            objective_ids.append(saved.id)
        for _ in range(min(len(contact_ids), 200)):
            store.set_link(
                Link(
                    contact_id=rng.choice(contact_ids),
                    objective_id=rng.choice(objective_ids),
                    relation=rng.choice(["helps", "introduces", "excluded"]),
                )
            )
        for i in range(activities):
            store.save_activity(
                Activity(
                    date=TODAY - timedelta(days=rng.randint(0, 700)),
                    kind=rng.choice(["event", "meeting", "call", "message", "online"]),
                    title=f"Activity {i}",
                    objective_ids=rng.sample(objective_ids, 1),
                    contact_ids=rng.sample(contact_ids, min(2, len(contact_ids))),
                    effort_minutes=rng.randint(5, 180),
                    discomfort=rng.randint(1, 5),
                    payback=rng.randint(0, 5),
                )
            )
        for i in range(events):
            store.save_event(
                Event(
                    name=f"Event {i}",
                    starts_at=datetime.combine(TODAY + timedelta(days=i * 3 - 20), time(18)),
                    objective_ids=rng.sample(objective_ids, 2),
                    contact_ids=rng.sample(contact_ids, min(3, len(contact_ids))),
                )
            )
        store.save_settings(Settings(weekly_target=3))
    return path


def linkedin_csv(path: Path, rows: int, seed: int = 11) -> Path:
    """A LinkedIn Connections.csv of `rows` connections, preamble and all, as LinkedIn writes it."""
    import csv

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(
            'Notes:\r\n"When exporting your connection data, you may notice that some '
            'of the email addresses are missing."\r\n\r\n'
        )
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        )
        for i in range(rows):
            when = TODAY - timedelta(days=rng.randint(1, 4000))
            writer.writerow(
                [
                    rng.choice(FIRST),
                    f"{rng.choice(LAST)}-{i}",
                    f"https://www.linkedin.com/in/member-{i}",
                    f"member{i}@example.org" if rng.random() < 0.1 else "",
                    f"{rng.choice(ORG_FIRST)} {rng.choice(ORG_KIND)}" if rng.random() < 0.9 else "",
                    rng.choice(ROLES),
                    when.strftime("%d %b %Y"),
                ]
            )
    return path
