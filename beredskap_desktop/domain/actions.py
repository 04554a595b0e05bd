"""Activated action cards: each step of each card an incident activates becomes an action
with a status, an assignee and a comment; ad-hoc actions sit beside them. The board sums
them up per card and per role.

An action copies what its card said when the incident started (code, title, version, step
text, role, deadline, whom to notify), so later edits of the card library never change
what the crisis staff worked from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

from beredskap_desktop.domain.cards import MAX_DEADLINE_MINUTES, format_offset
from beredskap_desktop.domain.errors import FieldError
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.i18n import N_, _, ngettext

MAX_TEXT = 2000
MAX_NAME = 200


class ActionStatus(str, Enum):
    NOT_STARTED = "ikke-startet"
    STARTED = "startet"
    DONE = "utfort"
    NOT_RELEVANT = "ikke-relevant"

    @property
    def label(self) -> str:
        return _(ACTION_STATUS_LABELS[self])

    @property
    def is_open(self) -> bool:
        """Still to be done (not started or started)."""
        return self in (ActionStatus.NOT_STARTED, ActionStatus.STARTED)


ACTION_STATUS_LABELS = {
    ActionStatus.NOT_STARTED: N_("Not started"),
    ActionStatus.STARTED: N_("Started"),
    ActionStatus.DONE: N_("Done"),
    ActionStatus.NOT_RELEVANT: N_("Not relevant"),
}


@dataclass(frozen=True)
class Action:
    """One step of an activated card (``step_number`` set) or an ad-hoc action (``None``)."""

    id: str
    incident_id: str
    position: int  # order on the board
    text: str
    card_id: str | None = None
    card_code: str = ""
    card_title: str = ""
    card_version: int | None = None
    card_role: str = ""  # the name of the role holding the card
    step_number: int | None = None
    role_id: str | None = None  # the role responsible for the step (for a card step: by default the card's)
    role: str = ""  # that role's name when activated
    deadline_minutes: int | None = None  # after the incident started
    notify: str = ""  # the name of the alert list or contact the step notifies
    notify_alert_list_id: str | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    assignee: str = ""
    comment: str = ""
    started_at: datetime | None = None
    done_at: datetime | None = None
    changed_at: datetime | None = None
    changed_by: Operator | None = None

    @property
    def ad_hoc(self) -> bool:
        return self.step_number is None

    @property
    def deadline(self) -> str:
        """``T+30 min`` (empty without a deadline)."""
        return format_offset(self.deadline_minutes)

    @property
    def label(self) -> str:
        """``TK-01 step 3``, or ``Ad-hoc`` for an action without a card."""
        if self.ad_hoc:
            return _("Ad-hoc")
        return _("{code} step {number}").format(code=self.card_code, number=self.step_number)

    def due_at(self, incident_started_at: datetime) -> datetime | None:
        if self.deadline_minutes is None:
            return None
        return incident_started_at + timedelta(minutes=self.deadline_minutes)

    def overdue(self, incident_started_at: datetime, now: datetime) -> bool:
        """Open and past its deadline."""
        due = self.due_at(incident_started_at)
        return self.status.is_open and due is not None and now > due


# --- Changes ----------------------------------------------------------------------------


def check_operator(operator: Operator) -> list[FieldError]:
    if not operator.name.strip():
        return [FieldError("operator", _("Who is at the keyboard: a name is required."))]
    return []


def check_ad_hoc(text: str, assignee: str, deadline_minutes: int | None, operator: Operator) -> list[FieldError]:
    """What stops an ad-hoc action from being added (empty when it can be)."""
    errors = check_change(assignee, None, operator)
    if not text.strip():
        errors.append(FieldError("text", _("Action: describe what is to be done.")))
    elif len(text.strip()) > MAX_TEXT:
        errors.append(FieldError("text", _("Action: at most {count} characters.").format(count=MAX_TEXT)))
    if deadline_minutes is not None and not 0 <= deadline_minutes <= MAX_DEADLINE_MINUTES:
        errors.append(FieldError("deadline", _("Deadline: between T+0 and T+365 d.")))
    return errors


def check_change(assignee: str | None, comment: str | None, operator: Operator) -> list[FieldError]:
    errors = check_operator(operator)
    if assignee is not None and len(assignee.strip()) > MAX_NAME:
        errors.append(FieldError("assignee", _("Assigned to: at most {count} characters.").format(count=MAX_NAME)))
    if comment is not None and len(comment.strip()) > MAX_TEXT:
        errors.append(FieldError("comment", _("Comment: at most {count} characters.").format(count=MAX_TEXT)))
    return errors


def changed(action: Action, *, status: ActionStatus | None = None, assignee: str | None = None,
            comment: str | None = None, at: datetime, operator: Operator) -> Action:
    """``action`` after the change (``None`` leaves a field as it is).

    Starting keeps the first start time; done records when; going back to not started
    clears both times; not relevant clears the done time."""
    new = replace(
        action, assignee=action.assignee if assignee is None else assignee.strip(),
        comment=action.comment if comment is None else comment.strip(),
    )
    if status is not None and status is not action.status:
        started_at = {ActionStatus.NOT_STARTED: None, ActionStatus.STARTED: action.started_at or at}.get(status, action.started_at)
        done_at = at if status is ActionStatus.DONE else None
        new = replace(new, status=status, started_at=started_at, done_at=done_at)
    if new == action:
        return action
    return replace(new, changed_at=at, changed_by=Operator(operator.name.strip(), operator.role.strip()))


def change_text(old: Action, new: Action) -> str:
    """The log entry of a change: which card and step (or ad-hoc action), and what changed."""
    lines = [_("{label}: {text}").format(label=_action_heading(old), text=old.text)]
    if new.status is not old.status:
        lines.append(_("Status: {old} → {new}").format(old=old.status.label, new=new.status.label))
    if new.assignee != old.assignee:
        lines.append(_("Assigned to: {name}").format(name=new.assignee) if new.assignee else _("Assigned to: no one"))
    if new.comment != old.comment:
        lines.append(_("Comment: {text}").format(text=new.comment) if new.comment else _("Comment removed"))
    return "\n".join(lines)


def _action_heading(action: Action) -> str:
    if action.ad_hoc:
        return _("Ad-hoc action")
    return _("Action card {code} «{title}», step {number}").format(code=action.card_code, title=action.card_title,
                                                                   number=action.step_number)


def ad_hoc_text(action: Action) -> str:
    lines = [_("Ad-hoc action added: {text}").format(text=action.text)]
    if action.role:
        lines.append(_("Role: {role}").format(role=action.role))
    if action.assignee:
        lines.append(_("Assigned to: {name}").format(name=action.assignee))
    if action.deadline:
        lines.append(_("Deadline: {deadline}").format(deadline=action.deadline))
    return "\n".join(lines)


def activated_text(actions: Sequence[Action]) -> str:
    """``Action cards activated: TK-01 «Title» (5 steps), ...``."""
    lines = [_("Action cards activated:")]
    for group in _groups(actions):
        first = group[0]
        lines.append(ngettext("{code} «{title}», version {version}, {role}: {count} step",
                              "{code} «{title}», version {version}, {role}: {count} steps", len(group)).format(
            code=first.card_code, title=first.card_title, version=first.card_version, role=first.card_role or "–", count=len(group)))
    return "\n".join(lines)


def _groups(actions: Iterable[Action]) -> list[list[Action]]:
    """Actions grouped by card (ad-hoc actions in one group), in order of first appearance."""
    groups: dict[str | None, list[Action]] = {}
    for action in actions:
        groups.setdefault(None if action.ad_hoc else (action.card_id or action.card_code), []).append(action)
    return list(groups.values())


# --- The board --------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: int = 0
    started: int = 0
    done: int = 0
    not_relevant: int = 0
    overdue: int = 0

    @property
    def open(self) -> int:
        return self.total - self.done - self.not_relevant

    @property
    def finished(self) -> bool:
        return self.open == 0

    @property
    def relevant(self) -> int:
        return self.total - self.not_relevant

    def with_action(self, action: Action, overdue: bool) -> Progress:
        return Progress(
            self.total + 1, self.started + (action.status is ActionStatus.STARTED), self.done + (action.status is ActionStatus.DONE),
            self.not_relevant + (action.status is ActionStatus.NOT_RELEVANT), self.overdue + overdue,
        )


@dataclass(frozen=True)
class CardProgress:
    """One card's actions on the board (``card_code`` empty: the ad-hoc actions)."""

    card_id: str | None
    card_code: str
    card_title: str
    role: str
    progress: Progress

    @property
    def ad_hoc(self) -> bool:
        return not self.card_code


@dataclass(frozen=True)
class RoleProgress:
    role: str  # empty: actions without a role
    progress: Progress


@dataclass(frozen=True)
class Board:
    cards: tuple[CardProgress, ...]
    roles: tuple[RoleProgress, ...]
    total: Progress


def board(actions: Iterable[Action], *, incident_started_at: datetime | None = None, now: datetime | None = None) -> Board:
    """Progress per card (in board order, ad-hoc actions last), per role (in order of first
    appearance) and in all; overdue actions are counted when the start and now are given."""
    actions = sorted(actions, key=lambda action: (action.ad_hoc, action.position))
    cards: dict[str | None, CardProgress] = {}
    roles: dict[str, Progress] = {}
    total = Progress()
    for action in actions:
        late = incident_started_at is not None and now is not None and action.overdue(incident_started_at, now)
        key = None if action.ad_hoc else (action.card_id or action.card_code)
        card = cards.get(key) or CardProgress(action.card_id, action.card_code, action.card_title,
                                              action.card_role, Progress())
        cards[key] = replace(card, progress=card.progress.with_action(action, late))
        roles[action.role] = roles.get(action.role, Progress()).with_action(action, late)
        total = total.with_action(action, late)
    return Board(tuple(cards.values()), tuple(RoleProgress(role, progress) for role, progress in roles.items()), total)
