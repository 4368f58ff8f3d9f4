"""The sample network that `netgoals demo` opens: the article's own story, told with data.

Someone who plans stock for a retailer wants a job as a trader in a bank. Their network — family,
friends, neighbours, colleagues, former classmates, a running club, a choir — holds well over a
hundred people, and almost none of them can help with that: they are off-goal. A few work in
banks; one neighbour knows the head of trading at a bank and is linked as "introduces"; an uncle
who is a market trader matches the word "trader" but is excluded. The second objective, finding a
mentor, matches nobody: it is the gap, and its hangouts are the next step. A third objective is
paused, so the people who would serve it still count as off-goal.

Everything is dated relative to `today`, and nothing is random: the same `today` always builds
the same database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from netgoals.core.clock import Clock, system_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.models import (
    Activity,
    ActivityKind,
    Contact,
    Event,
    Link,
    Objective,
    Priority,
    Purpose,
    Relation,
    Settings,
    Source,
    Status,
)
from netgoals.storage import Store
from netgoals.storage.database import new_database, replace_database

__all__ = ["build_demo", "write_demo"]

# --- objectives ------------------------------------------------------------------------------

JOB = "Job as a trader in a bank"
MENTOR = "Find a mentor in finance"
PROFILE = "Raise my profile: speak at a meetup"


def _objectives(today: date) -> tuple[Objective, ...]:
    return (
        Objective(
            title=JOB,
            purpose=Purpose.JOB,
            priority=Priority.HIGH,
            status=Status.ACTIVE,
            why=(
                "Four years of planning stock for a retailer taught me that the part I love is "
                "when numbers move fast and a decision has to be made on the spot. A trading job "
                "uses my economics degree, pays better, and I would rather try now than wonder "
                "at forty.\n\nEvery awkward evening in a room full of strangers is worth it if "
                "one of them gets me onto a desk."
            ),
            ask=(
                "I'm looking for a junior trading role at a bank — "
                "do you know anyone on a trading desk?"
            ),
            keywords=[
                "trader",
                "trading desk",
                "investment bank",
                "bank",
                "banker",
                "hedge fund",
                "capital markets",
            ],
            hangouts=[
                "City Finance Careers Evening (quarterly, Gresham Street)",
                "Markets Breakfast Club, Moorgate",
                "Wall Street Oasis forum — sales & trading section",
                "r/FinancialCareers on Reddit",
                "Financial News careers blog",
                "LinkedIn: posts by sales & trading recruiters",
                "Banks' graduate insight evenings",
            ],
            target_date=today + timedelta(days=120),
        ),
        Objective(
            title=MENTOR,
            purpose=Purpose.MENTOR,
            priority=Priority.MEDIUM,
            status=Status.ACTIVE,
            why=(
                "Someone who has spent a career managing money can tell me which desks suit me "
                "and which mistakes to skip. An hour a month with the right person saves years "
                "of trial and error."
            ),
            ask=(
                "I'm looking for a mentor who invests for a living — "
                "could you point me to someone who might spare an hour a month?"
            ),
            keywords=[
                "portfolio manager",
                "CFA charterholder",
                "chief investment officer",
                "fund manager",
            ],
            hangouts=[
                "CFA Society UK mentoring programme",
                "University alumni mentoring scheme (economics)",
                "Markets Breakfast Club — speakers stay for questions",
                "LinkedIn: portfolio managers who post about careers",
                "The Mentoring Room podcast community (Discord)",
            ],
            target_date=today + timedelta(days=180),
        ),
        Objective(
            title=PROFILE,
            purpose=Purpose.PROFILE,
            priority=Priority.LOW,
            status=Status.PAUSED,
            why=(
                "A fifteen-minute talk on how retail forecasting works would show I can explain "
                "numbers to a room. Paused until the job search settles."
            ),
            ask="Do you know a meetup that wants a short talk on forecasting?",
            keywords=["meetup organiser", "podcast", "public speaking"],
            hangouts=["E17 Data Meetup", "Toastmasters, Stratford club", "PyData London"],
        ),
    )


# --- contacts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    """One contact of the sample network, before it is a `Contact`."""

    name: str
    organization: str = ""
    role: str = ""
    location: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    how_met: str = ""  # empty: the group's
    email: str = ""
    phone: str = ""
    url: str = ""
    introduces_to: str = ""
    seen: int | None = None  # last contacted, in days before today (or a later logged activity)
    cadence: int | None = None  # keep-in-touch interval, in days


@dataclass(frozen=True)
class _Group:
    tag: str
    how_met: str
    people: tuple[_Person, ...]


P = _Person

# The tables below are laid out by hand, one person per entry:
#   P(name, organization, role, location, notes, tags=..., how_met=..., email=..., phone=...,
#     url=..., introduces_to=..., seen=days since last contact, cadence=keep-in-touch days)
# fmt: off
_FAMILY = _Group(
    "family",
    "Family",
    (
        P("Abena Carter", "", "Retired midwife", "Croydon",
          "Mum. Sunday phone call; knows everyone at church.",
          tags=("mum",), phone="07700 900101", seen=3, cadence=7),
        P("Peter Carter", "", "Bus driver, route 68", "Croydon",
          "Dad. Allotment on Saturdays; wants me to 'get a proper pension'.",
          tags=("dad",), phone="07700 900102", seen=3, cadence=7),
        P("Lucy Whitfield", "St Anne's Primary School", "Year 4 teacher", "Brighton",
          "Older sister. Always asks how the job hunt is going.",
          tags=("sister",), email="lucy.whitfield@example.com", seen=24, cadence=14),
        P("Jonathan Whitfield", "East Sussex Fire & Rescue", "Firefighter", "Brighton",
          "Lucy's husband. Builds furniture in his spare time.", tags=("brother-in-law",)),
        P("Ethan Carter", "Croydon Heating & Plumbing", "Apprentice plumber", "Croydon",
          "Younger brother. Fixed my boiler for a pizza.", tags=("brother",),
          phone="07700 900103", seen=9, cadence=14),
        P("Dorothy Carter", "", "Retired seamstress", "Margate",
          "Grandma. Loves a phone call and a postcard from anywhere.",
          tags=("grandma",), phone="01632 960104", seen=41, cadence=14),
        P("Kwame Mensah", "Walthamstow Market", "Fruit and veg market trader", "Walthamstow",
          "Uncle (Mum's brother). Has run the same stall for thirty years; "
          "saves me the best mangoes.", tags=("uncle",), phone="07700 900105", seen=6),
        P("Efua Mensah", "Kings Road Pharmacy", "Pharmacist", "Leyton",
          "Aunt. Organises the family reunion every August.", tags=("aunt",)),
        P("Kofi Mensah", "Pixel Forge Games", "Games tester", "Guildford",
          "Cousin. Online gaming on Friday nights.", tags=("cousin",)),
        P("Ama Mensah-Lewis", "University Hospital Lewisham", "Paediatric nurse", "Lewisham",
          "Cousin. Night shifts — text, don't call.", tags=("cousin",)),
        P("Yaa Mensah", "Yaa Mensah Photography", "Wedding photographer", "Accra, Ghana",
          "Cousin in Ghana. Photographed Lucy's wedding.", tags=("cousin",),
          url="https://yaamensah.example.com"),
        P("Michael Carter", "Carter Electrical", "Electrician (own business)", "Maidstone",
          "Uncle (Dad's brother). Fantasy football league commissioner.", tags=("uncle",)),
        P("Sophie Carter", "Royal Veterinary College", "Veterinary student", "Camden",
          "Cousin. In her third year; wants to work with horses.", tags=("cousin",)),
        P("Grace Boateng", "", "Retired civil servant; church choir leader", "Croydon",
          "Godmother. Sends a card every birthday without fail.", tags=("godmother",)),
    ),
)

_FRIENDS = _Group(
    "friend",
    "Friend",
    (
        P("Tyra Banks", "Lotus Loft Yoga", "Yoga teacher", "Hackney",
          "Yes, really her name — no relation. Teaches the Thursday evening vinyasa class; "
          "talked me through my first headstand.",
          tags=("yoga",), how_met="Sixth-form friend",
          email="tyra.yoga@example.org", seen=12, cadence=30),
        P("Zoë Fischer", "", "Freelance graphic designer", "Islington",
          "Designed my CV layout for free. Owes nobody anything; I owe her dinner.",
          tags=("design",), how_met="Flatmate in second year at university",
          email="zoe.fischer@example.com"),
        P("José Álvarez", "Casa Lola", "Head chef", "Peckham",
          "Tapas night once a month; always feeds us too much.",
          tags=("food",), how_met="Friend of Zoë's, met at her birthday",
          phone="07700 900111", seen=18, cadence=30),
        P("Mei Lin Chen", "Arden Lowe Architects", "Architect", "Shoreditch",
          "Climbing partner. Designs school buildings.", tags=("climbing",),
          how_met="Bouldering wall in Hackney Wick"),
        P("Rory MacLeod", "Bounce Back Physio", "Physiotherapist", "Clapham",
          "Sorted my knee before the half marathon.", tags=("health",),
          how_met="University halls, same corridor"),
        P("Aisha Bello", "Clean Rivers Trust", "Fundraising manager", "Bermondsey",
          "Runs the river clean-up days; always needs volunteers.", tags=("charity",),
          how_met="Sixth-form friend", email="aisha.bello@example.org"),
        P("Dev Malhotra", "CityMove Transport", "Data analyst", "Stratford",
          "Pub quiz team captain. Very competitive about the music round.",
          tags=("pub quiz",), how_met="Pub quiz at the Rose & Crown"),
        P("Freya Lindqvist", "Docklands Heritage Museum", "Curator", "Greenwich",
          "Gets us into exhibition openings.", tags=("museums",),
          how_met="Friend of Mei Lin's"),
        P("Olu Adeyemi", "Side Hustle Stories", "Podcast host", "Tottenham",
          "Interviews people about their side businesses; asked me to come on the podcast "
          "once my talk is ready.", tags=("podcast", "media"),
          how_met="University friend, same economics seminar group"),
        P("Hiroshi Tanaka", "Wanderlust Travel App", "UX researcher", "Kentish Town",
          "Board games at his place every other Sunday.", tags=("board games",),
          how_met="Board game café in Kentish Town"),
        P("Camille Dubois", "Hampstead Lycée", "French teacher", "Hampstead",
          "Language exchange: my English for her patience with my French.",
          tags=("languages",), how_met="Language exchange evening"),
        P("Nadia Haddad", "Smile Studio Dental", "Dentist", "Ealing",
          "Friend from school; finally forgave me for missing her wedding.",
          tags=("school",), how_met="Secondary school friend", seen=70, cadence=60),
        P("Liam O'Brien", "East London Chronicle", "Sports reporter", "Leyton",
          "Gets press passes to Orient matches now and then.", tags=("football", "media"),
          how_met="Five-a-side, years ago"),
        P("Søren Madsen", "Nordic Spokes Bikes", "Bike shop owner", "Stoke Newington",
          "Danish; built my commuter bike from spare parts.", tags=("cycling",),
          how_met="Bought a bike from him, stayed friends"),
        P("Ben Goldstein", "The Daily Grind", "Barista and stand-up comedian", "Dalston",
          "Open-mic nights on Wednesdays; I am contractually obliged to laugh.",
          tags=("comedy",), how_met="University drama society"),
        P("Chiara Romano", "University College London", "PhD student, marine biology",
          "Bloomsbury", "Talks about plankton with real passion.", tags=("science",),
          how_met="Friend of Camille's"),
        P("Tariq Hussain", "", "Black-cab driver (self-employed)", "Ilford",
          "Knows every shortcut in London and every cricket score since 1992.",
          tags=("cricket",), how_met="Sixth-form friend", phone="07700 900112"),
        P("Kemi Oduya", "E17 Data Meetup", "Community events lead", "Walthamstow",
          "Runs the E17 Data Meetup and is always looking for speakers.",
          tags=("meetup organiser", "data"), how_met="Went to her meetup, stayed for drinks",
          email="kemi@e17data.example.org", seen=20, cadence=45),
    ),
)

_NEIGHBOURS = _Group(
    "neighbour",
    "Neighbour on Elm Grove",
    (
        P("Margaret O'Sullivan", "", "Retired piano teacher", "Elm Grove, Walthamstow",
          "Number 14. Tea on Wednesdays; waters my plants when I'm away.",
          tags=("tea",),
          introduces_to=(
              "Her son-in-law, Richard Hale, is head of trading at Harbour Investment Bank. "
              "She has offered to introduce me over Sunday lunch."
          ),
          phone="020 7946 0114", seen=6, cadence=14),
        P("Rajesh Iyer", "Elm Grove Stores", "Shop owner", "Elm Grove, Walthamstow",
          "The corner shop. Keeps parcels for half the street.", tags=("shop",)),
        P("Beata Kowalczyk", "Studio B Hair", "Hairdresser", "Elm Grove, Walthamstow",
          "Number 9. Her cat visits me more than it visits her.", tags=("cat",)),
        P("Gareth Price", "", "Retired postman", "Elm Grove, Walthamstow",
          "From Swansea. Grows enormous tomatoes and shares them.", tags=("garden",)),
        P("Fatuma Ali", "Waltham Forest community health team", "District nurse",
          "Elm Grove, Walthamstow", "Number 21. Checked on Grandma when she visited.",
          tags=("health",)),
        P("Lars Eriksson", "Eriksson Joinery", "Carpenter", "Elm Grove, Walthamstow",
          "Lent me his drill and never asked for it back.", tags=("tools",)),
        P("Lan Nguyen", "Phở Elm", "Café owner", "Hoe Street, Walthamstow",
          "Best phở in E17. Knows my order.", tags=("food",)),
        P("Hyun-woo Park", "Tidewater Labs", "Software developer", "Elm Grove, Walthamstow",
          "Number 3. Helped me fix the router; works for an energy startup.",
          tags=("tech",)),
        P("Carlos Mendes", "", "Delivery rider and samba drummer", "Elm Grove, Walthamstow",
          "Brazilian; plays in the carnival band every summer.", tags=("music",)),
        P("Pauline Hughes", "Little Acorns", "Childminder", "Elm Grove, Walthamstow",
          "Number 17. Runs the street's WhatsApp group.", tags=("street group",)),
        P("Dimitris Papadopoulos", "Elm Dry Cleaners", "Owner", "Hoe Street, Walthamstow",
          "Pressed my interview suit in an hour, for nothing.", tags=("shop",)),
        P("Edith Brown", "Elm Grove Residents' Association", "Chair", "Elm Grove, Walthamstow",
          "Ninety-one and sharper than any of us. Chairs every residents' meeting.",
          tags=("residents' association",)),
    ),
)

_COLLEAGUES = _Group(
    "colleague",
    "Colleague at Brightway Retail (distribution centre, Enfield)",
    (
        P("Stefan Becker", "Brightway Retail", "Head of Logistics", "Enfield",
          "My manager. Supportive, but would rather I stayed.", tags=("manager",),
          email="stefan.becker@brightway.example.com"),
        P("Sarah Jennings", "Brightway Retail", "Warehouse Operations Manager", "Enfield",
          "Runs the morning stand-up like a drill sergeant, kindly.", tags=("operations",)),
        P("Mohammed Rahman", "Brightway Retail", "Shift Supervisor", "Enfield",
          "Cricket on the radio every lunch break.", tags=("operations",)),
        P("Ewa Zielińska", "Brightway Retail", "Inventory Planner", "Enfield",
          "Sits next to me; we split the Christmas peak forecast.", tags=("planning",)),
        P("Greg Thompson", "Brightway Retail", "Transport Planner", "Enfield",
          "Knows every depot on the M25 by heart.", tags=("transport",)),
        P("Joanna Pereira", "Brightway Retail", "HR Business Partner", "Enfield",
          "Said she'd give me a reference when the time comes.", tags=("HR",),
          email="joanna.pereira@brightway.example.com"),
        P("Kieran Doyle", "Brightway Retail", "Forklift Trainer", "Enfield",
          "Taught me to drive a reach truck; I was terrible.", tags=("operations",)),
        P("Amara Nwosu", "Brightway Retail", "Supply Chain Analyst", "Enfield",
          "Excel wizard. We automate the weekly report together.", tags=("planning",)),
        P("Rania Saleh", "Brightway Retail", "Customer Service Lead", "Enfield",
          "Brings homemade baklava on Fridays.", tags=("customer service",)),
        P("Tom Ashworth", "Brightway Retail", "IT Support Engineer", "Enfield",
          "Resets my password weekly without judgement.", tags=("IT",)),
        P("Ifeoma Chukwu", "Brightway Retail", "Procurement Officer", "Enfield",
          "Negotiates with suppliers for fun.", tags=("procurement",)),
        P("Patrick Nolan", "Brightway Retail", "Health & Safety Officer", "Enfield",
          "Has a laminated sign for everything.", tags=("safety",)),
    ),
)

_FORMER_COLLEAGUES = _Group(
    "former colleague",
    "Worked together at Hollis & Reed department stores (head office)",
    (
        P("Helen Marsh", "Kettle & Crumb", "Senior Buyer", "Bristol",
          "My first manager; taught me to read a sales report.", tags=("retail",),
          email="helen.marsh@example.net", seen=60, cadence=90),
        P("Javier Ruiz", "Hollis & Reed", "Visual Merchandiser", "Oxford Street",
          "Dresses the Christmas windows every year.", tags=("retail",)),
        P("Aoife Byrne", "Hollis & Reed", "Store Manager", "Oxford Street",
          "From Galway. Ran the flagship store through two refits.", tags=("retail",)),
        P("Samuel Osei", "Metropolitan Police", "Police Constable", "Hackney",
          "Was in loss prevention with me before joining the police.", tags=("police",)),
        P("Yuki Sato", "Bloom & Basket", "E-commerce Manager", "Kingston",
          "Moved online before anyone else did.", tags=("e-commerce",)),
        P("Ravi Shah", "Shah & Co Accountants", "Accountant", "Harrow",
          "Did the store's month-end with me; now runs the family practice. "
          "Does my tax return.", tags=("accounts",), email="ravi@shahco.example.com",
          seen=200, cadence=180),
        P("Maria Santos", "Hollis & Reed", "Payroll Clerk", "Oxford Street",
          "Portuguese; organised the office Secret Santa.", tags=("retail",)),
        P("Owen Griffiths", "Swift Parcel", "Delivery Driver", "Barking",
          "Drove the store van; now his own boss.", tags=("delivery",)),
        P("Leila Farahani", "Hollis & Reed", "Marketing Executive", "Oxford Street",
          "Wrote the loyalty-card emails; knows what makes people click.",
          tags=("marketing",)),
        P("Nikolai Petrov", "City, University of London", "Nursing student", "Islington",
          "Warehouse picker who went back to study nursing.", tags=("retail",)),
    ),
)

_SCHOOL = _Group(
    "school",
    "Former classmate at Forest Road School",
    (
        P("Daniel Okafor", "Meridian Vale Bank", "FX Sales Trader", "Canary Wharf",
          "Sat behind me in maths. Offered to run a mock interview.",
          tags=("finance",), email="daniel.okafor@example.com",
          phone="07700 900121", seen=4, cadence=30),
        P("Jessica Turner", "Metropolitan Police", "Community Support Officer", "Chingford",
          "Captain of the netball team back then.", tags=("police",)),
        P("Connor Walsh", "FitHub Walthamstow", "Personal Trainer", "Walthamstow",
          "Keeps inviting me to his boot camp.", tags=("fitness",)),
        P("Fatima Zahra Benali", "Benali Pharmacy", "Pharmacist", "Leytonstone",
          "Took over her father's pharmacy.", tags=("health",)),
        P("Marcus Green", "Arriva London", "Bus Mechanic", "Edmonton",
          "Restores old scooters.", tags=("cars",)),
        P("Rebecca Stone", "Holloway Clarke LLP", "Solicitor (property)", "Holborn",
          "Checked my tenancy agreement for free.", tags=("law",)),
        P("Arjun Nair", "Forest Surgery", "GP", "Walthamstow", "Still plays the tabla.",
          tags=("health",)),
        P("Shanice Campbell", "Waltham Forest Council", "Social Worker", "Walthamstow",
          "Organises the school reunion every five years.", tags=("reunion",)),
        P("Emre Yılmaz", "Emre's Barbers", "Barber", "Leyton",
          "Haircut and a debate about football every four weeks.", tags=("barber",),
          seen=26, cadence=28),
        P("Holly Andrews", "Homerton Hospital", "Midwife", "Hackney",
          "Mum trained her on placement, small world.", tags=("health",)),
    ),
)

_UNIVERSITY = _Group(
    "university",
    "Studied economics together at the University of Nottingham",
    (
        P("Priya Raman", "Harbour Investment Bank", "Equity Trader", "Canary Wharf",
          "Was top of our econometrics class. Moved onto the equities desk last year.",
          tags=("finance",), email="priya.raman@example.com",
          url="https://www.linkedin.com/in/priya-raman-example", cadence=30),
        P("Kenji Watanabe", "Thameside Bank", "Operations Analyst", "Moorgate",
          "Offered to pass my CV to the graduate team.", tags=("finance",),
          email="kenji.w@example.net", seen=11, cadence=30),
        P("Eleanor Whitaker", "Department for Education", "Policy Adviser", "Westminster",
          "Lived in the flat above ours in third year.", tags=("civil service",)),
        P("Seun Adebayo", "Ridgeway Partners", "Management Consultant", "Farringdon",
          "Always on a plane. Brilliant at slides.", tags=("consulting",),
          seen=11),
        P("Sofia Costa", "Resolution Centre", "Economist", "Westminster",
          "Writes about household incomes; quoted in the papers.", tags=("research",)),
        P("James Hargreaves", "Leyton Sixth Form College", "Economics Teacher", "Leyton",
          "Wants me to give his students a talk some day.", tags=("teaching",)),
        P("Anna Kowalski", "Beacon Mutual Insurance", "Data Scientist", "Ipswich",
          "Ran the university chess club.", tags=("data",)),
        P("Wei Zhang", "Larkspur Capital", "Quant Developer", "Mayfair",
          "Builds pricing models at a hedge fund; very quiet, very kind.",
          tags=("finance",), email="wei.zhang@example.org"),
        P("Mateo García", "University of Nottingham", "Lecturer in Economic History",
          "Nottingham", "Stayed on for the PhD, never left.", tags=("academia",)),
        P("Ruth Levy", "Good Food Magazine", "Features Writer", "Hammersmith",
          "Wrote for the student paper with me.", tags=("media",)),
        P("Chinedu Eze", "Farmlink", "Founder", "Lagos, Nigeria",
          "Runs an agritech startup connecting farmers to buyers.", tags=("startup",)),
        P("Isabel Moreno", "Grant & Fielding", "Audit Senior", "London Bridge",
          "Studying for her accountancy exams; perpetually tired.", tags=("accounts",)),
        P("Marta Nowicka", "British Red Cross", "Humanitarian Logistics Officer", "Geneva",
          "Does what I do, but for disaster relief.", tags=("charity",)),
    ),
)

_RUNNING_CLUB = _Group(
    "running club",
    "Walthamstow Harriers running club",
    (
        P("Tomasz Nowak", "Northgate Bank", "Risk Analyst", "Walthamstow",
          "Tuesday tempo runs. Moved from audit into risk two years ago.",
          tags=("finance",), phone="07700 900131", seen=15, cadence=21),
        P("Hannah Goldberg", "Northgate Bank", "Branch Manager", "Chingford",
          "Runs a high-street branch; sub-20 5k runner.", tags=("finance",), seen=75,
          cadence=60),
        P("Dami Oyelaran", "Harriers", "Head Coach; PE teacher", "Walthamstow",
          "Believes every problem is solved by hill sprints.", tags=("coach",)),
        P("Sean Murphy", "London Ambulance Service", "Paramedic", "Leytonstone",
          "Runs to work after night shifts, somehow.", tags=("health",)),
        P("Kasia Wójcik", "Wójcik Bakery", "Baker", "Walthamstow",
          "Brings poppy-seed cake to the Sunday long run.", tags=("food",)),
        P("Ahmed Farah", "Cole & Partners Surveyors", "Quantity Surveyor", "Stratford",
          "Pacer for the club's marathon group.", tags=("marathon",)),
        P("Bethany Cole", "Forest Vets", "Veterinary Nurse", "Woodford",
          "Has three rescue greyhounds who run faster than all of us.", tags=("dogs",)),
        P("Luca Bianchi", "Enoteca Bianchi", "Sommelier", "Islington",
          "Post-race wine tasting is a club tradition because of him.", tags=("wine",)),
        P("Nkechi Obi", "Thames Water", "Civil Engineer", "Reading",
          "Designs sewers, proudly.", tags=("engineering",)),
        P("Erik Johansson", "", "IT Contractor", "Walthamstow",
          "Swedish; keeps the club's website alive.", tags=("tech",)),
        P("Phoebe Lane", "Harriers", "Club Treasurer; retired librarian", "Walthamstow",
          "Chases subs with terrifying politeness.", tags=("committee",)),
        P("Jamal Whyte", "Forest Youth Hub", "Youth Worker", "Walthamstow",
          "Runs the junior parkrun crew.", tags=("parkrun",)),
        P("Inês Ferreira", "Whipps Cross Hospital", "Staff Nurse", "Leytonstone",
          "Portuguese; ran Lisbon half with me.", tags=("health",)),
    ),
)

_CHOIR = _Group(
    "choir",
    "E17 Community Choir (Monday rehearsals)",
    (
        P("Rosalind Fairweather", "E17 Community Choir", "Musical Director", "Walthamstow",
          "Can hear a flat alto from across the hall.", tags=("music",)),
        P("Thandiwe Dlamini", "North Middlesex Hospital", "Radiographer", "Edmonton",
          "From Durban; strongest soprano we have.", tags=("music",)),
        P("Oskar Nilsson", "Echo Lane Studios", "Sound Engineer", "Tottenham",
          "Recorded the choir's Christmas single.", tags=("music",)),
        P("Bridget Kelly", "", "Retired librarian", "Walthamstow",
          "Makes the tea and knows everyone's birthday.", tags=("music",)),
        P("Ángel Navarro", "Waltham Forest Council", "Town Planner", "Walthamstow",
          "Tenor; argues about cycle lanes with real expertise.", tags=("music",)),
    ),
)

_REPAIR_CAFE = _Group(
    "repair café",
    "Volunteering at the Walthamstow Repair Café (first Saturday of the month)",
    (
        P("Desmond Clarke", "", "Retired TV repair engineer", "Walthamstow",
          "Can fix any toaster ever made.", tags=("volunteering",)),
        P("Agnieszka Lis", "Lis Alterations", "Seamstress", "Leyton",
          "Mends jeans at the repair café; fixed my suit trousers.", tags=("volunteering",)),
        P("Bilal Qureshi", "", "Bike mechanic (volunteer)", "Walthamstow",
          "Trained me to true a wheel.", tags=("volunteering", "cycling")),
        P("Henrietta Vaughan", "", "Retired physics teacher", "Chingford",
          "Runs the electrical table; very strict about safety.", tags=("volunteering",)),
    ),
)

_CAREER = _Group(
    "career",
    "Met while job hunting",
    (
        P("Chloé Martin", "Harbour Investment Bank", "Graduate Recruitment Lead",
          "Canary Wharf",
          "French; told me their graduate scheme takes career changers. Speaking at the "
          "next City Finance Careers Evening.",
          tags=("finance", "recruitment"),
          how_met="University careers fair, last autumn",
          email="chloe.martin@example.com", seen=55),
        P("Marcus Bell", "Kestrel Search", "Recruitment Consultant (financial services)",
          "Liverpool Street", "Places graduates in City firms. Has my CV.",
          tags=("recruitment",), how_met="Replied to my post on LinkedIn",
          email="marcus.bell@example.net", phone="07700 900141", cadence=30),
        P("Laura Brennan", "Brennan Supply Consulting", "Logistics Consultant", "Manchester",
          "Connected after a webinar on warehouse automation.", tags=("logistics",),
          how_met="Online webinar"),
        P("Yusuf Demir", "Money in Plain English", "Personal finance blogger", "Bristol",
          "Writes about budgeting and pensions; we swap comments on LinkedIn.",
          tags=("blogger",), how_met="LinkedIn comments"),
        P("Sunita Kapoor", "University of Nottingham", "Alumni Relations Officer",
          "Nottingham", "Runs the alumni events; sent me the invitation to the London drinks.",
          tags=("alumni",), how_met="Emailed the alumni office"),
    ),
)

_PARENTS = _Group(
    "school gate",
    "Parent at my goddaughter's school gate (I do the Friday pick-up)",
    (
        P("Natasha Ivanova", "", "Translator (Russian–English)", "Walthamstow",
          "Her son is best friends with my goddaughter."),
        P("Gabriel Santos", "Santos Builders", "Builder", "Walthamstow",
          "Always the last to arrive, always cheerful."),
        P("Mariam Yusuf", "Walthamstow Library", "Children's Librarian", "Walthamstow",
          "Runs the Saturday story time."),
        P("Pierre Lefèvre", "La Petite Crêperie", "Café owner", "Walthamstow",
          "Makes galettes on Sundays; gives the kids free crêpes."),
        P("Ayesha Siddiqui", "Forest Road School", "Teaching Assistant", "Walthamstow",
          "Also my old school — she remembers my brother."),
    ),
)

# fmt: on

GROUPS: tuple[_Group, ...] = (
    _FAMILY,
    _FRIENDS,
    _NEIGHBOURS,
    _COLLEAGUES,
    _FORMER_COLLEAGUES,
    _SCHOOL,
    _UNIVERSITY,
    _RUNNING_CLUB,
    _CHOIR,
    _REPAIR_CAFE,
    _CAREER,
    _PARENTS,
)

# The people the story refers to by name.
INTRODUCER = "Margaret O'Sullivan"
EXCLUDED = "Kwame Mensah"
RECRUITER = "Marcus Bell"


def _contact(group: _Group, person: _Person, today: date, met: date | None) -> Contact:
    """`met`: the latest logged activity in which the user actually talked to this person."""
    last = today - timedelta(days=person.seen) if person.seen is not None else None
    if met is not None and (last is None or met > last):
        last = met
    return Contact(
        name=person.name,
        organization=person.organization,
        role=person.role,
        email=person.email,
        phone=person.phone,
        url=person.url,
        location=person.location,
        tags=[group.tag, *person.tags],
        how_met=person.how_met or group.how_met,
        notes=person.notes,
        introduces_to=person.introduces_to,
        last_contacted=last,
        cadence_days=person.cadence,
        source=Source.DEMO,
    )


# --- activities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Logged:
    week: int  # weeks before the current one (-1 is last week)
    weekday: int  # 0 is Monday
    kind: ActivityKind
    title: str
    objectives: tuple[str, ...]
    people: tuple[str, ...]
    effort: int
    discomfort: int
    payback: int
    outcome: str


A = _Logged
K = ActivityKind

# fmt: off
# Kinds of activity in which the people involved were actually talked to.
_CONTACTING = frozenset({K.EVENT, K.MEETING, K.CALL, K.MESSAGE})

# Six weeks back; the fourth week before this one was missed (the streak shows it).
ACTIVITIES: tuple[_Logged, ...] = (
    A(-6, 0, K.OTHER, "Wrote down my networking objectives and my ask", (JOB, MENTOR), (),
      45, 1, 3, "Clear at last: a trading job first, a mentor second. The ask fits in a breath."),
    A(-6, 3, K.MESSAGE, "Messaged Priya after two years of silence", (JOB,), ("Priya Raman",),
      20, 4, 4, "She replied within the hour and offered a coffee near the office."),
    A(-5, 1, K.CALL, "Call with Marcus at Kestrel Search", (JOB,), (RECRUITER,),
      30, 3, 3, "Sent my CV. Graduate trading roles open in spring; he wants a cover note that "
      "says why trading, not just why finance."),
    A(-5, 3, K.OTHER, "Drafted a talk for the E17 Data Meetup", (PROFILE,), ("Kemi Oduya",),
      120, 3, 1, "Half a talk on forecasting Christmas demand. Paused it: the job comes first."),
    A(-5, 5, K.MEETING, "Coffee with Priya in Canary Wharf", (JOB,), ("Priya Raman",),
      90, 3, 5, "She walked me through a day on the equities desk and told me to go to the "
      "City Finance Careers Evening."),
    A(-3, 2, K.MEETING, "Tea with Margaret next door", (JOB,), (INTRODUCER,),
      60, 2, 5, "Said what I'm after out loud for the first time — her son-in-law is head of "
      "trading at Harbour Investment Bank, and she'll introduce us."),
    A(-3, 4, K.ONLINE, "Looked for portfolio managers who mentor", (MENTOR,), (),
      50, 1, 0, "Nobody in my network fits. The mentor objective is a gap: I have to go where "
      "those people are."),
    A(-2, 0, K.CALL, "Called Tomasz about his move into risk", (JOB,), ("Tomasz Nowak",),
      25, 2, 3, "Risk is a way in too. He'll bring me to the Markets Breakfast Club."),
    A(-2, 3, K.EVENT, "Economics alumni drinks", (JOB, MENTOR),
      ("Priya Raman", "Kenji Watanabe", "Seun Adebayo", "Sunita Kapoor"),
      150, 5, 4, "Hardest evening yet: walked up to strangers on my own. Kenji will forward my "
      "CV to Thameside's graduate team; no mentor leads."),
    A(-1, 1, K.MESSAGE, "Emailed Richard Hale after Margaret's introduction", (JOB,),
      (INTRODUCER,), 30, 4, 4, "He agreed to twenty minutes on the phone next month."),
    A(-1, 2, K.ONLINE, "Signed up for the City Finance Careers Evening", (JOB,),
      ("Chloé Martin",), 15, 1, 2, "Chloé from Harbour's graduate team is on the speaker list."),
    A(-1, 5, K.CALL, "Mock interview with Daniel", (JOB,), ("Daniel Okafor",),
      60, 4, 4, "He grilled me on last week's market moves. New habit: read the markets pages "
      "every morning on the bus."),
)
# fmt: on


# --- building --------------------------------------------------------------------------------


def build_demo(store: Store, today: date) -> None:
    """Fill an empty store with the sample network, dated relative to `today`."""
    from netgoals.formats.capture import capture  # read only when a demo is built

    if not store.is_empty():
        raise NetgoalsError("the sample network can only be built in an empty database")
    monday = today - timedelta(days=today.weekday())

    def day(logged: _Logged) -> date:
        return monday + timedelta(weeks=logged.week, days=logged.weekday)

    met: dict[str, date] = {}
    for logged in ACTIVITIES:
        if logged.kind in _CONTACTING:
            for name in logged.people:
                met[name] = max(met.get(name, day(logged)), day(logged))

    with store.transaction():
        store.set_meta("kind", "demo")
        store.save_settings(Settings(weekly_target=2))

        objectives = {o.title: store.save_objective(o) for o in _objectives(today)}
        job, mentor = objectives[JOB], objectives[MENTOR]
        assert job.id is not None and mentor.id is not None

        contacts: dict[str, int] = {}
        for group in GROUPS:
            for person in group.people:
                saved = store.save_contact(_contact(group, person, today, met.get(person.name)))
                assert saved.id is not None
                contacts[person.name] = saved.id

        store.set_link(
            Link(
                contact_id=contacts[INTRODUCER],
                objective_id=job.id,
                relation=Relation.INTRODUCES,
                note="Offered to introduce me to her son-in-law, Richard Hale, "
                "head of trading at Harbour Investment Bank.",
            )
        )
        store.set_link(
            Link(
                contact_id=contacts[RECRUITER],
                objective_id=job.id,
                relation=Relation.HELPS,
                note="Recruiter who places graduates on sales and trading desks.",
            )
        )
        store.set_link(
            Link(
                contact_id=contacts[EXCLUDED],
                objective_id=job.id,
                relation=Relation.EXCLUDED,
                note="A market trader — he sells fruit, not bonds, and knows nobody in the City.",
            )
        )

        for logged in ACTIVITIES:
            store.save_activity(
                Activity(
                    date=day(logged),
                    kind=logged.kind,
                    title=logged.title,
                    objective_ids=[objectives[t].id for t in logged.objectives],
                    contact_ids=[contacts[name] for name in logged.people],
                    effort_minutes=logged.effort,
                    discomfort=logged.discomfort,
                    payback=logged.payback,
                    outcome=logged.outcome,
                )
            )

        store.save_event(
            Event(
                name="City Finance Careers Evening",
                starts_at=datetime.combine(today + timedelta(days=8), time(18, 30)),
                place="The Gresham Rooms, 30 Gresham Street, London EC2",
                objective_ids=[job.id],
                contact_ids=[
                    contacts["Priya Raman"],
                    contacts["Chloé Martin"],
                    contacts["Daniel Okafor"],
                ],
                notes="Panel of graduate recruiters and desk heads, then drinks. Bring ten "
                "cards. Ask Chloé about the spring intake for career changers; thank Priya for "
                "the tip. Say the ask out loud at least three times.",
            )
        )
        store.save_event(
            Event(
                name="Markets Breakfast Club",
                starts_at=datetime.combine(today + timedelta(days=29), time(7, 30)),
                place="Moorgate Exchange Café, 12 Moorgate, London EC2",
                objective_ids=[job.id, mentor.id],
                contact_ids=[contacts["Tomasz Nowak"]],
                notes="Tomasz is bringing me. Two portfolio managers are speaking and stay for "
                "questions — a chance to close the mentor gap.",
            )
        )
        alumni = store.save_event(
            Event(
                name="Economics alumni drinks",
                starts_at=datetime.combine(monday + timedelta(weeks=-2, days=3), time(19, 0)),
                place="The Old Bell, 95 Fleet Street, London EC4",
                objective_ids=[job.id, mentor.id],
                contact_ids=[
                    contacts[n]
                    for n in ("Priya Raman", "Kenji Watanabe", "Seun Adebayo", "Sunita Kapoor")
                ],
                notes="Nottingham alumni, London chapter.",
            )
        )
        meetup = store.save_event(
            Event(
                name="E17 Data Meetup",
                starts_at=datetime.combine(today - timedelta(days=1), time(18, 30)),
                place="The Walthamstow Trades Hall, Hoe Street, London E17",
                contact_ids=[contacts["Kemi Oduya"]],
                notes="Two talks on forecasting. Kemi asked again about my talk.",
            )
        )
        # Who was met there, captured as the app does it: each is due a follow-up two days
        # later. Kenji, at the drinks over a week ago, is late; Kemi, last night, is not yet.
        for event, line in (
            (alumni, "Kenji Watanabe @ Thameside Bank — will pass my CV to the graduate team"),
            (meetup, "Kemi Oduya @ E17 Data Meetup — a speaker slot in January if I want it"),
        ):
            capture(store, event.id or 0, line)


def write_demo(
    path: Path,
    *,
    today: date,
    clock: Clock = system_clock,
    create_folder: bool = False,
    reset: bool = False,
    confirm: Callable[[Path], None] | None = None,
) -> Store:
    """The sample network at `path`, open: written first if there is no file yet, else as the
    user left it. With `reset`, an existing demo is rebuilt from scratch (after `confirm`,
    which may raise to stop): the new one is built beside it and renamed over it whole, so a
    copy of netgoals that has the old one open keeps working on it, undisturbed.

    The user's own database (or any other file) at `path` is refused, untouched.
    """
    if path.exists():
        existing = Store.open(path, clock=clock, create=False)
        if existing.meta("kind") != "demo":
            existing.close()
            raise NetgoalsError(
                f"{path} holds your own data, not the demo; the demo will not touch it "
                "(give the demo another --db path)"
            )
        if not reset:
            return existing
        existing.close()
        if confirm is not None:
            confirm(path)
        replace_database(path, lambda building: _fill(building, today, clock))
    else:
        with new_database(path, create_folder=create_folder) as building:
            _fill(building, today, clock)
    return Store.open(path, clock=clock)


def _fill(path: Path, today: date, clock: Clock) -> None:
    with Store.open(path, clock=clock) as store:
        build_demo(store, today)
