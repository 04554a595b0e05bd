"""Incidents and exercises: what happened, how serious, which phase and status, and the
log texts their changes write.

Severity is three colours, grønn / gul / rød: chosen in a second under stress, read the
same on a black-and-white printout when written as a word, and the levels health staff
already know from the Norwegian index for medical emergencies (rød = akutt, gul = haster,
grønn = vanlig). A five-step number invites arguing 3 against 4 and says nothing of
which end is worse.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from beredskap_desktop.domain.cards import Phase
from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.i18n import N_, _

MAX_TITLE = 200


class Severity(str, Enum):
    GREEN = "gronn"
    YELLOW = "gul"
    RED = "rod"

    @property
    def label(self) -> str:
        return _(SEVERITY_LABELS[self])

    @property
    def meaning(self) -> str:
        return _(SEVERITY_MEANINGS[self])


SEVERITY_LABELS = {Severity.GREEN: N_("Green"), Severity.YELLOW: N_("Yellow"), Severity.RED: N_("Red")}
SEVERITY_MEANINGS = {
    Severity.GREEN: N_("Limited: handled by the services as usual; the crisis management follows it."),
    Severity.YELLOW: N_("Serious: the crisis management is convened; some services are affected."),
    Severity.RED: N_("Critical: life and health or critical functions are threatened; help from outside is needed."),
}


class Status(str, Enum):
    MONITORING = "overvaking"
    ACTIVE = "aktiv"
    STANDING_DOWN = "nedtrapping"
    CLOSED = "avsluttet"

    @property
    def label(self) -> str:
        return _(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.MONITORING: N_("Monitoring"),
    Status.ACTIVE: N_("Active"),
    Status.STANDING_DOWN: N_("Standing down"),
    Status.CLOSED: N_("Closed"),
}


@dataclass(frozen=True)
class Incident:
    id: str
    title: str
    incident_types: tuple[str, ...]
    severity: Severity
    started_at: datetime
    started_by: str
    location: str = ""
    description: str = ""
    crisis_room: str = ""
    exercise: bool = False
    phase: Phase = Phase.ALERT
    status: Status = Status.ACTIVE
    closed_at: datetime | None = None
    evaluation_notes: str = ""
    follow_up: tuple[str, ...] = ()

    @property
    def closed(self) -> bool:
        return self.status is Status.CLOSED


def check_incident(incident: Incident, known_types: Collection[str]) -> list[FieldError]:
    """What stops ``incident`` from being started (empty when it can be)."""
    errors = []
    if not incident.title.strip():
        errors.append(FieldError("title", _("Title: required.")))
    elif len(incident.title.strip()) > MAX_TITLE:
        errors.append(FieldError("title", _("Title: at most {count} characters.").format(count=MAX_TITLE)))
    if not incident.incident_types:
        errors.append(FieldError("incident_types", _("Incident types: choose at least one; the types decide which action cards are activated.")))
    unknown = [code for code in incident.incident_types if code not in known_types]
    if unknown:
        errors.append(FieldError("incident_types", _("Incident types: unknown {codes}; known are {known}.").format(
            codes=", ".join(unknown), known=", ".join(sorted(known_types)))))
    if not incident.started_by.strip():
        errors.append(FieldError("operator", _("Who is at the keyboard: a name is required.")))
    return errors


def check_closing(notes: str) -> list[FieldError]:
    if not notes.strip():
        return [FieldError("evaluation_notes", _("Evaluation notes: required to close (what went well, what must improve)."))]
    return []


# --- The log entries changes write ------------------------------------------------------


def started_text(incident: Incident, type_names: Mapping[str, str]) -> str:
    """``Hendelse startet`` / ``Øvelse startet`` with what was given."""
    lines = [(_("Exercise started: {title}") if incident.exercise else _("Incident started: {title}")).format(title=incident.title)]
    lines.append(_("Incident types: {types}").format(types=", ".join(type_names.get(c, c) for c in incident.incident_types)))
    lines.append(_("Severity: {severity}").format(severity=incident.severity.label))
    for label, value in ((_("Location: {value}"), incident.location), (_("Crisis room: {value}"), incident.crisis_room),
                         (_("Description: {value}"), incident.description)):
        if value.strip():
            lines.append(label.format(value=value.strip()))
    return "\n".join(lines)


def phase_text(old: Phase, new: Phase) -> str:
    return _("Phase changed: {old} → {new}").format(old=old.label, new=new.label)


def status_text(old: Status, new: Status) -> str:
    return _("Status changed: {old} → {new}").format(old=old.label, new=new.label)


def closed_text(incident: Incident, notes: str, follow_up: Collection[str]) -> str:
    lines = [(_("Exercise closed: {title}") if incident.exercise else _("Incident closed: {title}")).format(title=incident.title),
             _("Evaluation notes: {notes}").format(notes=notes.strip())]
    lines += [_("Follow-up: {point}").format(point=point) for point in follow_up]
    return "\n".join(lines)
