"""The forms of each kind of record, built on ModelForm."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from netgoals.core.models import (
    DATE_FORMAT,
    DURATION_HINT,
    FOLLOWUP_DAYS,
    WHEN_FORMAT,
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
    Status,
)
from netgoals.tui.dialogs.form import Field, ModelForm

REMOVE_LINK = "remove"


def _choices(enum: type) -> list[tuple[str, Any]]:
    return [(member.value, member.value) for member in enum]


OBJECTIVE_FIELDS = [
    Field("title", "Title — what you want out of networking"),
    Field("purpose", "Purpose", "select", _choices(Purpose)),
    Field("why", "Why — the benefit you expect (it keeps you going)", "text"),
    Field("ask", "Ask — the one sentence you tell people", "text"),
    Field(
        "keywords",
        "Keywords — who can help: roles, organisations, skills, places",
        "words",
        placeholder="trader, investment bank, hedge fund",
    ),
    Field("hangouts", "Hangouts — where those people are (one per line)", "lines"),
    Field("priority", "Priority", "select", _choices(Priority)),
    Field("status", "Status", "select", _choices(Status)),
    Field("target_date", "Target date", placeholder=DATE_FORMAT),
]

CONTACT_FIELDS = [
    Field("name", "Name"),
    Field("organization", "Organisation"),
    Field("role", "Role"),
    Field("email", "Email", placeholder="name@example.org"),
    Field("phone", "Phone"),
    Field("url", "Web address", placeholder="https://"),
    Field("location", "Location"),
    Field("tags", "Tags", "words", placeholder="neighbour, running club"),
    Field("how_met", "How you met"),
    Field("introduces_to", "Could introduce you to"),
    Field("notes", "Notes", "text"),
    Field("last_contacted", "Last contacted", placeholder=DATE_FORMAT),
    Field("cadence_days", "Keep in touch every … days", placeholder="e.g. 30"),
]

DISCOMFORT = [
    ("1 · comfortable", 1),
    ("2", 2),
    ("3 · a stretch", 3),
    ("4", 4),
    ("5 · far outside", 5),
]
PAYBACK = [("0 · nothing", 0), ("1", 1), ("2", 2), ("3 · useful", 3), ("4", 4), ("5 · a lot", 5)]


def objective_form(objective: Objective | None) -> ModelForm[Objective]:
    initial = objective.model_dump() if objective else {}
    title = f"Edit objective: {objective.title}" if objective else "New objective"
    return ModelForm(title, Objective, OBJECTIVE_FIELDS, initial, original=objective)


def contact_form(contact: Contact | None, today: date) -> ModelForm[Contact]:
    """Add or edit a contact; a last-contacted date after `today` is refused."""
    initial = contact.model_dump() if contact else {}
    title = f"Edit contact: {contact.name}" if contact else "New contact"

    def check(saved: Contact) -> dict[str, str]:
        last = saved.last_contacted
        # A date already there is let through: logging an activity ahead of time sets one.
        if last is not None and last > today and last != initial.get("last_contacted"):
            return {"last_contacted": f"is in the future: today is {today.isoformat()}"}
        return {}

    return ModelForm(title, Contact, CONTACT_FIELDS, initial, check=check, original=contact)


def _objective_choices(objectives: list[Objective]) -> list[tuple[int, str, str]]:
    return [
        (o.id or 0, o.title if o.is_active else f"{o.title} ({o.status.value})", o.title.casefold())
        for o in objectives
    ]


def activity_form(
    today: date,
    objectives: list[Objective],
    people: Sequence[tuple[int, str, str]],
    activity: Activity | None = None,
    *,
    chosen_objectives: list[int] | None = None,
    chosen_contacts: list[int] | None = None,
    prefill: dict[str, Any] | None = None,
) -> ModelForm[Activity]:
    """Log (or edit) an activity. `people` are the contacts to choose from, as (id, label,
    folded search text); the objectives (active first) are chosen the same way, by typing."""
    if activity is not None:
        initial = activity.model_dump()
    else:
        initial = {
            "date": today,
            "kind": ActivityKind.EVENT,
            "objective_ids": chosen_objectives or [],
            "contact_ids": chosen_contacts or [],
            "effort_minutes": None,  # blank rather than a 0 to type after
            "discomfort": 3,
            "payback": 0,
            **(prefill or {}),
        }
    goals = _objective_choices(objectives)
    fields = [
        Field("title", "What you did"),
        Field("date", "Date", placeholder=DATE_FORMAT),
        Field("kind", "Kind", "select", _choices(ActivityKind)),
        Field("objective_ids", "For which objectives", "pick", goals),
        Field("contact_ids", "With whom", "pick", list(people)),
        Field("effort_minutes", f"Effort — how long ({DURATION_HINT})", placeholder="e.g. 1h30"),
        Field("discomfort", "Discomfort — how far out of your comfort zone", "select", DISCOMFORT),
        Field("payback", "Payback — what it brought", "select", PAYBACK),
        Field("outcome", "Outcome", "text"),
    ]
    title = "Edit activity" if activity else "Log an activity"
    return ModelForm(title, Activity, fields, initial, original=activity)


def event_form(
    event: Event | None,
    objectives: list[Objective],
    people: Sequence[tuple[int, str, str]],
    today: date,
) -> ModelForm[Event]:
    """Add or edit an event: what you go there for, and who you expect there."""
    initial = event.model_dump() if event else {"starts_at": today}
    fields = [
        Field("name", "Event"),
        Field("starts_at", "When", placeholder=f"{WHEN_FORMAT} (the time is optional)"),
        Field("place", "Where"),
        Field(
            "objective_ids",
            "What you go there for (none: every active objective)",
            "pick",
            _objective_choices(objectives),
        ),
        Field("contact_ids", "Who you expect there", "pick", list(people)),
        Field("notes", "Notes", "text"),
    ]
    title = f"Edit event: {event.name}" if event else "New event"
    return ModelForm(title, Event, fields, initial, original=event)


def settings_form(settings: Settings) -> ModelForm[Settings]:
    fields = [
        Field("weekly_target", "Weekly target — activities per week", placeholder="2"),
        Field(
            "followup_days",
            "Follow up people met at an event — days after it",
            placeholder=str(FOLLOWUP_DAYS),
        ),
    ]
    return ModelForm("Settings", Settings, fields, settings.model_dump())


def link_form(
    contact: Contact, objectives: list[Objective], links: dict[int, Link], current: int | None
) -> ModelForm[Link]:
    """Link `contact` to an objective. Choosing "remove" as the relation deletes the link."""
    chosen = current if current is not None else (objectives[0].id if objectives else None)
    existing = links.get(chosen or 0)
    initial: dict[str, Any] = {
        "contact_id": contact.id,
        "objective_id": chosen,
        "relation": existing.relation.value if existing else Relation.HELPS.value,
        "note": existing.note if existing else "",
    }

    def label(objective: Objective) -> str:
        link = links.get(objective.id or 0)
        return f"{objective.title}  [{link.relation.value}]" if link else objective.title

    relations = [
        ("helps — can help with it directly", Relation.HELPS.value),
        ("introduces — can introduce you to who can", Relation.INTRODUCES.value),
        ("excluded — never counts for it", Relation.EXCLUDED.value),
        ("remove the link", REMOVE_LINK),
    ]
    fields = [
        Field("objective_id", "Objective", "select", [(label(o), o.id) for o in objectives]),
        Field("relation", "Relation", "select", relations),
        Field("note", "Note (why)"),
    ]
    return LinkForm(f"Link {contact.name}", Link, fields, initial)


class LinkForm(ModelForm[Link]):
    """A link form whose "remove" relation is not a Link but a request to delete one."""

    def action_save(self) -> None:
        values = self.values()
        if values.get("relation") == REMOVE_LINK and not self.saving:
            removal = Link.model_construct(
                contact_id=self.initial["contact_id"],
                objective_id=values["objective_id"],
                relation=REMOVE_LINK,  # read by the app as "delete this link"
                note="",
            )
            if self.write is None:
                self.dismiss(removal)
            else:
                self._submit(removal, frozenset())
            return
        super().action_save()
