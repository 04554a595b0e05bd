"""Activated actions in the database: copied from the cards when an incident starts, ad-hoc
actions beside them, and every change logged in the same transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from beredskap_desktop.domain.actions import ActionStatus, board
from beredskap_desktop.domain.alerts import AlertList
from beredskap_desktop.domain.cards import ActionCard, Step
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import Category, Operator
from beredskap_desktop.storage import actions, alerts, cards, contacts, incidents, log
from tests.storage.samples import person

T0 = datetime(2026, 11, 21, 16, 0, tzinfo=timezone.utc)
KARI = Operator("Kari Nordmann", "Loggfører")
WHO = {"device_id": "laptop-1", "operator": KARI}


@pytest.fixture
def library(store):
    """Three cards: one for floods, one for power cuts, one always activated; steps that
    notify a list and a contact, one with its own role."""
    nve = contacts.save(store, person("NVE vakt"))
    staff = alerts.save(store, AlertList("", "Kriseledelsen"))
    flood = cards.save(store, ActionCard("", "TK-10", "Flom", "kriseleder", incident_types=("flom",), steps=(
        Step("", "Innkall kriseledelsen", notify_alert_list_id=staff.id, deadline_minutes=30),
        Step("", "Varsle innbyggerne", responsible_role_id="informasjonsleder", deadline_minutes=60),
        Step("", "Ring NVE", notify_contact_id=nve.id))))
    power = cards.save(store, ActionCard("", "TK-20", "Strømbrudd", "teknisk-va", incident_types=("strombrudd",),
                                         steps=(Step("", "Start aggregat"),)))
    always = cards.save(store, ActionCard("", "TK-2", "Loggføring", "loggforer", always_activate=True,
                                          steps=(Step("", "Åpne loggen"), Step("", "Skriv første oppføring"))))
    return {"flood": flood, "power": power, "always": always, "staff": staff, "nve": nve}


def start(store, types=("flom",), **fields):
    return incidents.start(store, title="Flom i sentrum", incident_types=types, severity=Severity.RED, now=T0, **WHO, **fields)


def counts(store) -> tuple[int, int]:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("incident_action", "log_entry"))


def assert_chains_verify(store, incident_id):
    assert all(result.valid for result in log.verify(store, incident_id))


def test_starting_an_incident_copies_its_cards_steps_in_code_order(store, library, english):
    incident = start(store)
    got = actions.list_for(store, incident.id)
    assert [(a.card_code, a.step_number, a.text) for a in got] == [
        ("TK-2", 1, "Åpne loggen"), ("TK-2", 2, "Skriv første oppføring"),
        ("TK-10", 1, "Innkall kriseledelsen"), ("TK-10", 2, "Varsle innbyggerne"), ("TK-10", 3, "Ring NVE")]
    assert [a.position for a in got] == [1, 2, 3, 4, 5]
    first_flood = got[2]
    assert (first_flood.card_id, first_flood.card_title, first_flood.card_version, first_flood.card_role) == (
        library["flood"].id, "Flom", 1, "Kriseleder")
    assert (first_flood.role_id, first_flood.role, first_flood.deadline, first_flood.notify, first_flood.notify_alert_list_id) == (
        "kriseleder", "Kriseleder", "T+30 min", "Kriseledelsen", library["staff"].id)
    assert (got[3].role_id, got[3].role, got[3].card_role) == ("informasjonsleder", "Informasjonsleder", "Kriseleder")
    assert (got[4].notify, got[4].notify_alert_list_id) == ("NVE vakt", None)
    assert all(a.status is ActionStatus.NOT_STARTED and a.changed_by is None for a in got)
    assert actions.get(store, first_flood.id) == first_flood
    started, activated = log.entries(store, incident.id)
    assert started.text.startswith("Incident started")
    assert (activated.category, activated.recorded_at, activated.operator) == (Category.ACTION, T0, "Kari Nordmann")
    assert activated.text.splitlines() == ["Action cards activated:", "TK-2 «Loggføring», version 1, Loggfører: 2 steps",
                                           "TK-10 «Flom», version 1, Kriseleder: 3 steps"]
    assert_chains_verify(store, incident.id)


def test_several_types_activate_each_card_once(store, library):
    cards.save(store, replace(library["flood"], incident_types=("flom", "strombrudd")))
    incident = start(store, types=("flom", "strombrudd"))
    codes = [a.card_code for a in actions.list_for(store, incident.id)]
    assert codes == ["TK-2"] * 2 + ["TK-10"] * 3 + ["TK-20"]


def test_later_edits_of_a_card_leave_the_activated_copy_alone(store, library):
    incident = start(store)
    before = actions.list_for(store, incident.id)
    cards.save(store, replace(library["flood"], title="Flom (ny)", steps=(Step("", "Helt nytt steg"),)))
    cards.delete(store, library["always"].id)
    assert actions.list_for(store, incident.id) == before


def test_a_failed_activation_leaves_no_incident(store, library, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "activated_text", broken)
    with pytest.raises(RuntimeError):
        start(store)
    assert incidents.list_all(store) == [] and counts(store) == (0, 0)


def test_a_status_change_is_stored_and_logged_naming_card_and_step(store, library, english):
    incident = start(store)
    action = actions.list_for(store, incident.id)[3]
    at = T0 + timedelta(minutes=12)
    started = actions.change(store, action.id, status=ActionStatus.STARTED, assignee=" Ola Hansen ", **WHO, now=at)
    assert actions.get(store, action.id) == started
    assert (started.status, started.assignee, started.started_at, started.changed_at, started.changed_by) == (
        ActionStatus.STARTED, "Ola Hansen", at, at, KARI)
    done = actions.change(store, action.id, status=ActionStatus.DONE, comment="SMS sendt", **WHO, now=at + timedelta(minutes=5))
    assert actions.get(store, action.id) == done and done.done_at == at + timedelta(minutes=5)
    entries = log.entries(store, incident.id)[2:]
    assert [e.category for e in entries] == [Category.ACTION, Category.ACTION]
    assert entries[0].text.splitlines() == ["Action card TK-10 «Flom», step 2: Varsle innbyggerne",
                                            "Status: Not started → Started", "Assigned to: Ola Hansen"]
    assert entries[1].text.splitlines()[1:] == ["Status: Started → Done", "Comment: SMS sendt"]
    assert entries[1].recorded_at == at + timedelta(minutes=5)
    assert_chains_verify(store, incident.id)


def test_a_change_that_changes_nothing_writes_nothing(store, library):
    incident = start(store)
    action = actions.list_for(store, incident.id)[0]
    before = counts(store)
    assert actions.change(store, action.id, status=ActionStatus.NOT_STARTED, assignee="", **WHO) == action
    assert counts(store) == before


def test_bad_changes_are_refused_with_nothing_written(store, library):
    incident = start(store)
    action = actions.list_for(store, incident.id)[0]
    before = counts(store)
    for fields, field in ((dict(operator=Operator(" ")), "operator"), (dict(comment="x" * 3000), "comment"),
                          (dict(assignee="x" * 300), "assignee")):
        with pytest.raises(FieldError) as error:
            actions.change(store, action.id, **{"status": ActionStatus.DONE, **WHO, **fields})
        assert error.value.field == field
    with pytest.raises(UserError):
        actions.change(store, "no-such-action", status=ActionStatus.DONE, **WHO)
    assert counts(store) == before and actions.get(store, action.id) == action


def test_a_closed_incident_refuses_changes(store, library):
    incident = start(store)
    action = actions.list_for(store, incident.id)[0]
    incidents.close(store, incident.id, notes="Evaluert", **WHO)
    before = counts(store)
    with pytest.raises(UserError):
        actions.change(store, action.id, status=ActionStatus.DONE, **WHO)
    with pytest.raises(UserError):
        actions.add_ad_hoc(store, incident.id, "Rydd opp", **WHO)
    assert counts(store) == before


def test_ad_hoc_actions_go_last_and_are_logged(store, library, english):
    incident = start(store)
    added = actions.add_ad_hoc(store, incident.id, " Skaff aggregat til sykehjemmet ", role_id="teknisk-va",
                               assignee="Per", deadline_minutes=120, **WHO, now=T0 + timedelta(hours=1))
    assert actions.get(store, added.id) == added
    assert (added.position, added.ad_hoc, added.text, added.role, added.card_code, added.changed_by, added.changed_at) == (
        6, True, "Skaff aggregat til sykehjemmet", "Teknisk sjef / VA", "", KARI, T0 + timedelta(hours=1))
    entry = log.entries(store, incident.id)[-1]
    assert entry.category is Category.ACTION and entry.text.splitlines() == [
        "Ad-hoc action added: Skaff aggregat til sykehjemmet", "Role: Teknisk sjef / VA", "Assigned to: Per",
        "Deadline: T+2 t"]
    changed = actions.change(store, added.id, status=ActionStatus.NOT_RELEVANT, **WHO)
    assert log.entries(store, incident.id)[-1].text.splitlines() == [
        "Ad-hoc action: Skaff aggregat til sykehjemmet", "Status: Not started → Not relevant"]
    assert board(actions.list_for(store, incident.id)).cards[-1].progress.not_relevant == 1 and changed.ad_hoc
    assert_chains_verify(store, incident.id)


def test_bad_ad_hoc_actions_are_refused_with_nothing_written(store, library):
    incident = start(store)
    before = counts(store)
    for fields, field in ((dict(text=" "), "text"), (dict(deadline_minutes=-5), "deadline"),
                          (dict(operator=Operator("")), "operator"), (dict(assignee="x" * 300), "assignee")):
        with pytest.raises(FieldError) as error:
            actions.add_ad_hoc(store, incident.id, **{"text": "Skaff aggregat", **WHO, **fields})
        assert error.value.field == field
    with pytest.raises(UserError):
        actions.add_ad_hoc(store, incident.id, "Skaff aggregat", role_id="no-such-role", **WHO)
    with pytest.raises(UserError):
        actions.add_ad_hoc(store, "no-such-incident", "Skaff aggregat", **WHO)
    assert counts(store) == before


def test_a_card_can_be_activated_later_once(store, library, english):
    incident = start(store)
    added = actions.add_card(store, incident.id, library["power"].id, **WHO)
    assert [(a.card_code, a.position) for a in added] == [("TK-20", 6)]
    assert log.entries(store, incident.id)[-1].text.splitlines()[1] == "TK-20 «Strømbrudd», version 1, Teknisk sjef / VA: 1 step"
    before = counts(store)
    with pytest.raises(UserError):
        actions.add_card(store, incident.id, library["power"].id, **WHO)
    with pytest.raises(UserError):
        actions.add_card(store, incident.id, "no-such-card", **WHO)
    assert counts(store) == before
