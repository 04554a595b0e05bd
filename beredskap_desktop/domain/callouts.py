"""Call-outs (varsling): working down an alert list for an incident, attempt by attempt.

Starting a call-out copies the list: each member becomes one line per person to reach (a
role member one line per holder), with what to dial or write to for the member's method
and, when the list uses deputies, the deputy to try next. Attempts are recorded against a
line, on the person or on the deputy; ``status`` says who is still not reached and how long
it has taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from beredskap_desktop.domain.alerts import AlertMethod
from beredskap_desktop.domain.contacts import Contact
from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.domain.log import MAX_AHEAD, Channel, Operator
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.i18n import N_, _, ngettext

MAX_NOTE = 1000


class AttemptResult(str, Enum):
    REACHED = "nadd"
    NO_ANSWER = "ikke-svar"
    WRONG_NUMBER = "feil-nummer"
    ACKNOWLEDGED = "kvittert"

    @property
    def label(self) -> str:
        return _(RESULT_LABELS[self])

    @property
    def reached(self) -> bool:
        return self in (AttemptResult.REACHED, AttemptResult.ACKNOWLEDGED)


RESULT_LABELS = {
    AttemptResult.REACHED: N_("Reached"),
    AttemptResult.NO_ANSWER: N_("No answer"),
    AttemptResult.WRONG_NUMBER: N_("Wrong number"),
    AttemptResult.ACKNOWLEDGED: N_("Acknowledged"),
}

# The log channel an attempt goes out on, by the member's method.
METHOD_CHANNELS = {
    AlertMethod.CALL: Channel.PHONE_OUT,
    AlertMethod.SMS: Channel.SMS,
    AlertMethod.EMAIL: Channel.EMAIL_OUT,
    AlertMethod.NODNETT: Channel.NODNETT,
    AlertMethod.RUNNER: None,
}


@dataclass(frozen=True)
class Callee:
    """A person to reach as copied when the call-out started (``contact_id`` ``None``: a role
    no one holds). ``number`` is what the member's method uses (phone number, e-mail address,
    Nødnett ISSI or meeting point) or "" when the contact has none; ``other_numbers`` the
    contact's other work numbers, for when that fails. The private number is never copied."""

    contact_id: str | None
    name: str
    number: str = ""
    other_numbers: tuple[str, ...] = ()


def callee(contact: Contact, method: AlertMethod) -> Callee:
    """How to reach ``contact`` by ``method``, numbers in display form."""
    phones = [format_phone(number) for number in (contact.work_mobile, contact.work_landline, contact.satellite_phone) if number]
    nodnett = (f"ISSI {contact.nodnett_issi}" + (f" ({contact.nodnett_alias})" if contact.nodnett_alias else "")
               if contact.nodnett_issi else contact.nodnett_alias)
    if method is AlertMethod.CALL:
        number = phones[0] if phones else ""
    elif method is AlertMethod.SMS:
        number = format_phone(contact.work_mobile)
    elif method is AlertMethod.EMAIL:
        number = contact.email
    elif method is AlertMethod.NODNETT:
        number = nodnett
    else:
        number = contact.meeting_point
    others = [phone for phone in phones if phone != number]
    if nodnett and method is not AlertMethod.NODNETT:
        others.append(nodnett)
    return Callee(contact.id, contact.name, number, tuple(others))


@dataclass(frozen=True)
class CalloutLine:
    """One person to reach. Holders of one role member share its ``member_number``."""

    id: str
    position: int
    member_number: int
    method: AlertMethod
    person: Callee
    deputy: Callee | None = None
    use_deputy: bool = True
    role: str = ""  # the role's name, for a role member
    note: str = ""

    @property
    def no_one(self) -> bool:
        """A role member whose role no one held when the call-out started."""
        return self.person.contact_id is None

    @property
    def deputy_missing(self) -> bool:
        """The list uses the deputy, but this person has none."""
        return self.use_deputy and self.deputy is None and not self.no_one


@dataclass(frozen=True)
class Attempt:
    id: str
    line_id: str
    result: AttemptResult
    at: datetime
    operator: Operator
    on_deputy: bool = False
    note: str = ""


@dataclass(frozen=True)
class Callout:
    id: str
    incident_id: str
    alert_list_id: str | None
    list_name: str
    started_at: datetime
    started_by: Operator
    lines: tuple[CalloutLine, ...] = ()
    attempts: tuple[Attempt, ...] = ()  # in time order
    finished_at: datetime | None = None
    finished_by: Operator | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def line(self, line_id: str) -> CalloutLine | None:
        return next((line for line in self.lines if line.id == line_id), None)


# --- Rules ------------------------------------------------------------------------------


def check_attempt(callout: Callout, line_id: str, on_deputy: bool, at: datetime, note: str, operator: Operator,
                  recorded_at: datetime) -> list[FieldError]:
    """What stops an attempt from being recorded (empty when it can be)."""
    errors = []
    if not operator.name.strip():
        errors.append(FieldError("operator", _("Who is at the keyboard: a name is required.")))
    line = callout.line(line_id)
    if line is None:
        errors.append(FieldError("line", _("Person: not on this call-out.")))
    elif on_deputy and line.deputy is None:
        errors.append(FieldError("on_deputy", _("Deputy: {name} has no deputy on this call-out.").format(name=line.person.name)))
    if at.tzinfo is None:
        raise ValueError("at must carry its time zone")
    if at > recorded_at + MAX_AHEAD:
        errors.append(FieldError("at", _("Time: it is in the future.")))
    elif at < callout.started_at:
        errors.append(FieldError("at", _("Time: it is before the call-out started.")))
    if len(note.strip()) > MAX_NOTE:
        errors.append(FieldError("note", _("Note: at most {count} characters.").format(count=MAX_NOTE)))
    return errors


@dataclass(frozen=True)
class LineStatus:
    line: CalloutLine
    attempts: tuple[Attempt, ...]  # on this line, in time order
    reached: Attempt | None  # the first attempt that reached the person or the deputy
    acknowledged: bool

    @property
    def tried(self) -> bool:
        return bool(self.attempts)

    @property
    def try_deputy(self) -> bool:
        """Not reached, the person was tried and failed, and the deputy is still untried."""
        return (self.reached is None and self.line.deputy is not None and any(not a.on_deputy for a in self.attempts)
                and not any(a.on_deputy for a in self.attempts))


@dataclass(frozen=True)
class CalloutStatus:
    started_at: datetime
    elapsed: timedelta  # since the start: until now, or until it was finished
    lines: tuple[LineStatus, ...]
    all_reached_after: timedelta | None  # when everyone had been reached, after the start

    @property
    def not_reached(self) -> tuple[LineStatus, ...]:
        return tuple(line for line in self.lines if line.reached is None)

    @property
    def reached_count(self) -> int:
        return len(self.lines) - len(self.not_reached)


def status(callout: Callout, now: datetime) -> CalloutStatus:
    """Who is reached and who is not, and how long since the call-out started."""
    by_line: dict[str, list[Attempt]] = {line.id: [] for line in callout.lines}
    for attempt in sorted(callout.attempts, key=lambda a: a.at):
        by_line.setdefault(attempt.line_id, []).append(attempt)
    lines = []
    for line in callout.lines:
        attempts = tuple(by_line[line.id])
        reached = next((a for a in attempts if a.result.reached), None)
        lines.append(LineStatus(line, attempts, reached, any(a.result is AttemptResult.ACKNOWLEDGED for a in attempts)))
    end = callout.finished_at or now
    reached_at = [line.reached.at for line in lines if line.reached]
    all_after = max(reached_at) - callout.started_at if lines and len(reached_at) == len(lines) else None
    return CalloutStatus(callout.started_at, max(end - callout.started_at, timedelta(0)), tuple(lines), all_after)


def duration_text(elapsed: timedelta) -> str:
    """``2 t 05 min`` or ``12 min``."""
    minutes = int(elapsed.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes) if hours else _("{minutes} min").format(minutes=minutes)


# --- The log entries --------------------------------------------------------------------


def started_text(callout: Callout) -> str:
    people = sum(not line.no_one for line in callout.lines)
    lines = [ngettext("Call-out started: «{name}», {count} person to reach", "Call-out started: «{name}», {count} people to reach",
                      people).format(name=callout.list_name, count=people)]
    lines += [_("No one holds the role {role}.").format(role=line.role) for line in callout.lines if line.no_one]
    return "\n".join(lines)


def attempt_text(callout: Callout, attempt: Attempt) -> str:
    """``Call-out «Kriseledelsen», 2. Ola Hansen (deputy for Kari Nordmann) (Call: 412 34 567): No answer``."""
    line = callout.line(attempt.line_id)
    reached = line.deputy if attempt.on_deputy else line.person
    who = (_("{name} (deputy for {person})").format(name=reached.name, person=line.person.name)
           if attempt.on_deputy else reached.name)
    if line.role:
        who = f"{who}, {line.role}"
    text = _("Call-out «{list}», {number}. {who} ({method}: {address}): {result}").format(
        list=callout.list_name, number=line.member_number, who=who, method=line.method.label,
        address=reached.number or "–", result=attempt.result.label)
    return f"{text}\n{attempt.note.strip()}" if attempt.note.strip() else text


def finished_text(callout: Callout, callout_status: CalloutStatus) -> str:
    lines = [_("Call-out finished: «{name}» after {duration}; {reached} of {total} reached").format(
        name=callout.list_name, duration=duration_text(callout_status.elapsed), reached=callout_status.reached_count,
        total=len(callout_status.lines))]
    missing = [line.line.role if line.line.no_one else line.line.person.name for line in callout_status.not_reached]
    if missing:
        lines.append(_("Not reached: {names}").format(names=", ".join(missing)))
    return "\n".join(lines)

