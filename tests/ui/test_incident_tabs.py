"""The incident workspace's actions, call-outs and situation reports tabs, through real widgets
on the Incidents page over the demo municipality."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox
from shiboken6 import isValid

from beredskap_desktop.domain.actions import ActionStatus
from beredskap_desktop.domain.callouts import AttemptResult
from beredskap_desktop.domain.clock import now_utc
from beredskap_desktop.domain.incidents import Severity
from beredskap_desktop.domain.log import Category, Operator
from beredskap_desktop.domain.sitreps import CriticalFunction, FunctionState, SentVia, SitrepContent, SitrepStatus
from beredskap_desktop.i18n import _
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage import actions, alerts, callouts, incidents, log, sitreps
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.dialogs.incident_print import IncidentPrintDialog
from beredskap_desktop.ui.models.actions_model import OVERDUE_COLOUR
from beredskap_desktop.ui.models.callout_model import DEPUTY_COLOUR, RESULT
from beredskap_desktop.ui.pages.incidents_page import IncidentsPage
from beredskap_desktop.ui.widgets import incident_callouts
from beredskap_desktop.ui.widgets.incident_sitreps import NEXT
from tests.gui_fixtures import answer_next_dialog
from tests.pdf_text import page_texts

DEVICE = "laptop-test"
KARI = Operator("Kari Ødegård", "Kriseleder")
WHO = {"device_id": DEVICE, "operator": KARI}
LIST = "Kriseledelsen – full varsling"


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("tabs") / "fjordvik.sqlite"
    load_demo(path)
    return path


@pytest.fixture
def store(demo_path, tmp_path, monkeypatch):
    monkeypatch.setenv("BEREDSKAP_DEVICE_ID", DEVICE)
    path = tmp_path / "fjordvik.sqlite"
    path.write_bytes(demo_path.read_bytes())
    with open_store(path) as opened:
        yield opened


def start(store, title="Flom i Elvedalen", types=("flom",), **fields):
    return incidents.start(store, title=title, incident_types=types, severity=Severity.RED, **{**WHO, **fields})


def shown_page(qtbot, store, tab: str) -> IncidentsPage:
    page = IncidentsPage(store)
    page.operator = KARI
    qtbot.addWidget(page)
    page.resize(1300, 860)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentWidget(getattr(page, tab))
    return page


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def last_entry(store, incident):
    return log.entries(store, incident.id, offset=log.count(store, incident.id) - 1, limit=1)[0]


# --- Actions ----------------------------------------------------------------------------


def test_the_actions_tab_groups_steps_by_card_and_keys_set_the_status_with_the_board_following(qtbot, store):
    incident = start(store)
    stored = actions.list_for(store, incident.id)
    page = shown_page(qtbot, store, "actions_tab")
    tab = page.actions_tab
    cards = list(dict.fromkeys(action.card_code for action in stored))
    assert tab.model.rowCount() == len(cards) == tab.board.cards.rowCount()
    assert tab.model.rowCount(tab.model.index(0, 0)) == sum(a.card_code == cards[0] for a in stored)
    assert tab.current.id == stored[0].id  # the first open step, ready for the keys
    assert tab.board.board.total.done == 0

    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_3)
    assert actions.get(store, stored[0].id).status is ActionStatus.DONE
    entry = last_entry(store, incident)
    assert entry.category is Category.ACTION and entry.operator == "Kari Ødegård" and stored[0].text in entry.text
    assert tab.board.board.total.done == 1 and tab.board.cards.item(0, 3).text().startswith("1/")
    assert tab.current.id == stored[0].id and tab.current.status is ActionStatus.DONE
    assert page.log_tab.model.total() == log.count(store, incident.id)  # the log tab shows the entry

    qtbot.keyClick(tab.tree, Qt.Key.Key_Down)
    qtbot.keyClick(tab.tree, Qt.Key.Key_2)
    second = actions.get(store, stored[1].id)
    assert second.status is ActionStatus.STARTED and second.started_at is not None
    click(qtbot, tab.status_buttons[ActionStatus.NOT_RELEVANT])
    assert actions.get(store, stored[1].id).status is ActionStatus.NOT_RELEVANT
    assert tab.board.board.total.not_relevant == 1

    # Only open steps: the current one is hidden, so the next open step is chosen
    tab.open_only.setChecked(True)
    assert tab.current.id == stored[2].id
    assert all(tab.model.action(tab.model.index(r, 0, tab.model.index(0, 0))).status.is_open
               for r in range(tab.model.rowCount(tab.model.index(0, 0))))
    qtbot.keyClick(tab.tree, Qt.Key.Key_3)
    assert tab.current.id == stored[3].id  # done and hidden: on to the next


def test_an_assignee_typed_is_kept_for_its_step_until_saved(qtbot, store):
    incident = start(store)
    first, second = actions.list_for(store, incident.id)[:2]
    page = shown_page(qtbot, store, "actions_tab")
    tab = page.actions_tab
    qtbot.keyClicks(tab.assignee, "Ola Berg")
    assert tab.unsaved.isVisible()
    tab.select_action(second.id)
    assert tab.assignee.text() == "" and not tab.unsaved.isVisible()
    tab.select_action(first.id)
    assert tab.assignee.text() == "Ola Berg" and tab.unsaved.isVisible()  # nothing typed is lost
    assert actions.get(store, first.id).assignee == ""
    qtbot.keyClick(tab.assignee, Qt.Key.Key_Return)
    assert actions.get(store, first.id).assignee == "Ola Berg" and not tab.unsaved.isVisible()
    assert "Ola Berg" in last_entry(store, incident).text

    tab.comment.setPlainText("x" * 2001)
    click(qtbot, tab.save_button)
    assert "comment" in tab.errors.messages() and tab.comment.toPlainText() == "x" * 2001
    assert actions.get(store, first.id).comment == ""


def test_an_ad_hoc_action_and_a_card_activated_later(qtbot, store):
    incident = start(store, types=("ekom-bortfall",))
    before = {action.card_code for action in actions.list_for(store, incident.id)}
    page = shown_page(qtbot, store, "actions_tab")
    tab = page.actions_tab
    click(qtbot, tab.add_button)
    dialog = tab.dialog
    qtbot.keyClicks(dialog.deadline, "snart")
    ok(qtbot, dialog)
    assert set(dialog.errors.messages()) == {"text", "deadline"} and dialog.isVisible()
    qtbot.keyClicks(dialog.text, "Skaffe aggregat til sykehjemmet")
    dialog.deadline.setText("T+2 t")
    qtbot.keyClicks(dialog.assignee, "Per Hansen")
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    added = actions.list_for(store, incident.id)[-1]
    assert (added.ad_hoc, added.text, added.deadline_minutes, added.assignee) == (True, "Skaffe aggregat til sykehjemmet", 120, "Per Hansen")
    assert tab.current.id == added.id and tab.model.group_keys()[-1] == ""

    click(qtbot, tab.activate_button)
    chooser = tab.dialog
    codes = [chooser.cards.item(row).text().split()[0] for row in range(chooser.cards.count())]
    assert codes and not set(codes) & before  # only cards not activated yet
    chooser.choose(codes[0])
    ok(qtbot, chooser)
    now_active = {action.card_code for action in actions.list_for(store, incident.id)}
    assert codes[0] in now_active and tab.current.card_code == codes[0]
    assert codes[0] in last_entry(store, incident).text


def test_the_board_filters_by_role_and_goes_to_a_card(qtbot, store):
    incident = start(store)
    stored = actions.list_for(store, incident.id)
    page = shown_page(qtbot, store, "actions_tab")
    tab = page.actions_tab
    role = tab.board.roles.item(1, 0).data(Qt.ItemDataRole.UserRole + 1)
    tab.board.role_chosen.emit(role)
    assert tab.role_filter.currentData() == role
    assert all(action.role == role for action in tab.model.actions()) and tab.model.actions()
    last_card = stored[-1]
    tab.board.card_chosen.emit(last_card.card_id)
    assert tab.role_filter.currentIndex() == 0  # cleared, so the card can be shown
    assert tab.current.card_id == last_card.card_id and tab.current.step_number == 1


def test_overdue_steps_show_in_red_and_a_closed_incident_takes_no_changes(qtbot, store):
    incident = start(store, now=now_utc() - timedelta(hours=3))
    page = shown_page(qtbot, store, "actions_tab")
    tab = page.actions_tab
    assert tab.board.board.total.overdue > 0
    assert OVERDUE_COLOUR in tab.board.total.text()
    incidents.close(store, incident.id, notes="Øvelsen er ferdig", **WHO)
    page.reload()
    assert not tab.add_button.isEnabled() and not tab.activate_button.isEnabled()
    assert not any(button.isEnabled() for button in tab.status_buttons.values()) and tab.assignee.isReadOnly()
    qtbot.keyClick(tab.tree, Qt.Key.Key_3)
    assert actions.list_for(store, incident.id)[0].status is ActionStatus.NOT_STARTED


# --- Call-outs --------------------------------------------------------------------------


def test_calling_down_an_alert_list_person_by_person(qtbot, store):
    incident = start(store)
    page = shown_page(qtbot, store, "callouts_tab")
    tab = page.callouts_tab
    assert tab.empty.isVisible() and not tab.work.isVisible()
    click(qtbot, tab.start_button)
    dialog = tab.dialog
    dialog.choose(LIST)
    ok(qtbot, dialog)
    [callout] = callouts.list_for(store, incident.id)
    assert callout.list_name == LIST and tab.callout.id == callout.id and tab.work.isVisible()
    first = callout.lines[0]
    assert tab.current_line().line.id == first.id
    assert tab.person.number.text() == first.person.number and tab.person.name.text() == first.person.name
    assert _("{reached} of {total} reached").format(reached=0, total=len(callout.lines)) == tab.reached_label.text()

    click(qtbot, tab.person.buttons[AttemptResult.REACHED])
    attempt = callouts.get(store, callout.id).attempts[-1]
    assert (attempt.line_id, attempt.result, attempt.on_deputy, attempt.operator.name) == (first.id, AttemptResult.REACHED, False, "Kari Ødegård")
    assert last_entry(store, incident).category is Category.ALERT
    assert tab.current_line().line.id == callout.lines[1].id  # on to the next person

    # No answer: the deputy is the one to try, on the same line
    with_deputy = tab.current_line().line
    assert with_deputy.deputy is not None
    click(qtbot, tab.person.buttons[AttemptResult.NO_ANSWER])
    line = tab.current_line()
    assert line.line.id == with_deputy.id and line.try_deputy
    assert tab.deputy.title.text().startswith("→") and with_deputy.deputy.name in tab.missing.text()
    assert tab.model.index(1, RESULT).data(Qt.ItemDataRole.ForegroundRole).color().name() == DEPUTY_COLOUR
    assert tab.deputy.number.text() == with_deputy.deputy.number
    qtbot.keyClicks(tab.note, "Ringte tilbake")
    click(qtbot, tab.deputy.buttons[AttemptResult.REACHED])
    reached = callouts.get(store, callout.id).attempts[-1]
    assert (reached.on_deputy, reached.note) == (True, "Ringte tilbake") and tab.note.text() == ""
    assert tab.current_line().line.id == callout.lines[2].id
    assert _("{reached} of {total} reached").format(reached=2, total=len(callout.lines)) == tab.reached_label.text()
    assert callout.lines[2].person.name in tab.missing.text()

    # Finishing with people not reached asks first
    answer_next_dialog(_("Cancel"))
    click(qtbot, tab.finish_button)
    assert not callouts.get(store, callout.id).finished
    answer_next_dialog(_("Finish call-out"))
    click(qtbot, tab.finish_button)
    assert callouts.get(store, callout.id).finished and not tab.finish_button.isEnabled()
    assert not any(button.isEnabled() for button in tab.person.buttons.values())


def test_an_attempt_in_the_future_is_refused_under_the_time_and_the_note_kept(qtbot, store):
    incident = start(store)
    callout = callouts.start(store, incident.id, next(a.id for a in alerts.list_all(store) if a.name == LIST), **WHO)
    page = shown_page(qtbot, store, "callouts_tab")
    tab = page.callouts_tab
    tab.time.edit.setDateTime(tab.time.edit.dateTime().addSecs(3 * 3600))
    qtbot.keyClicks(tab.note, "Telefonsvarer")
    click(qtbot, tab.person.buttons[AttemptResult.NO_ANSWER])
    assert set(tab.errors.messages()) == {"at"} and tab.note.text() == "Telefonsvarer"
    assert callouts.get(store, callout.id).attempts == ()


def test_the_clock_runs_from_the_start_of_the_call_out(qtbot, store, monkeypatch):
    incident = start(store)
    started = now_utc() - timedelta(minutes=5)
    callouts.start(store, incident.id, next(a.id for a in alerts.list_all(store) if a.name == LIST), now=started, **WHO)
    page = shown_page(qtbot, store, "callouts_tab")
    tab = page.callouts_tab
    monkeypatch.setattr(incident_callouts, "now_utc", lambda: started + timedelta(hours=1, minutes=2, seconds=3))
    tab._tick()
    assert tab.clock.text() == "1:02:03"


def test_several_call_outs_are_listed_and_the_running_one_shown(qtbot, store):
    incident = start(store)
    lists = {a.name: a.id for a in alerts.list_all(store)}
    first = callouts.start(store, incident.id, lists[LIST], now=now_utc() - timedelta(minutes=10), **WHO)
    callouts.finish(store, first.id, **WHO)
    second = callouts.start(store, incident.id, lists["Krisestab"], **WHO)
    page = shown_page(qtbot, store, "callouts_tab")
    tab = page.callouts_tab
    assert tab.list.rowCount() == 2 and tab.callout.id == second.id
    tab.list.setCurrentCell(0, 0)
    assert tab.callout.id == first.id and not tab.finish_button.isEnabled()


# --- Situation reports ------------------------------------------------------------------


def fill_report(tab) -> None:
    editor = tab.editor
    editor.report_to.setText("Statsforvalteren i Vestland")
    editor.contact_name.setText("Kari Ødegård")
    editor.contact_phone.setText("412 34 567")
    editor.situation.setPlainText("Elva går over sine bredder i Elvegata.")
    editor.counts["evacuated"].setValue(40)
    editor.states[CriticalFunction.ROADS].setCurrentIndex(editor.states[CriticalFunction.ROADS].findData(FunctionState.REDUCED.value))
    editor.function_comments[CriticalFunction.ROADS].setText("Fv 123 stengt")
    editor.set_next_report(now_utc() + timedelta(hours=2))


def test_writing_submitting_approving_and_sending_a_report(qtbot, store):
    incident = start(store)
    page = shown_page(qtbot, store, "sitreps_tab")
    tab = page.sitreps_tab
    assert tab.empty.isVisible() and not tab.copy_button.isEnabled()
    click(qtbot, tab.new_button)
    [report] = sitreps.list_for(store, incident.id)
    assert tab.sitrep.id == report.id and tab.list.rowCount() == 1 and not tab.editor.read_only
    qtbot.keyClicks(tab.editor.situation, "Elva stiger")
    assert tab.editor.dirty
    before = log.count(store, incident.id)
    click(qtbot, tab.submit_button)
    assert {"report_to", "contact_name", "contact_phone"} <= set(tab.editor.errors.messages())
    assert sitreps.get(store, report.id).status is SitrepStatus.DRAFT and log.count(store, incident.id) == before
    assert sitreps.get(store, report.id).content.situation == "Elva stiger"  # saved as typed, not logged

    fill_report(tab)
    assert tab.editor.counts["dead"].text() == _("unknown")
    click(qtbot, tab.submit_button)
    submitted = sitreps.get(store, report.id)
    assert submitted.status is SitrepStatus.FOR_APPROVAL and submitted.content.casualties.evacuated == 40
    assert submitted.content.casualties.dead is None and submitted.content.contact_phone == "+4741234567"
    assert submitted.content.function(CriticalFunction.ROADS).state is FunctionState.REDUCED
    assert last_entry(store, incident).category is Category.REPORT

    click(qtbot, tab.approve_button)
    approval = tab.dialog
    assert approval.fields.name.text() == "Kari Ødegård"
    approval.fields.name.setText("Ordfører Åse Nilsen")
    approval.fields.role.setCurrentText("Ordfører")
    ok(qtbot, approval)
    approved = sitreps.get(store, report.id)
    assert approved.status is SitrepStatus.APPROVED and approved.approved_by == Operator("Ordfører Åse Nilsen", "Ordfører")
    entry = last_entry(store, incident)
    assert "Ordfører Åse Nilsen" in entry.text and entry.operator == "Kari Ødegård"
    assert tab.editor.read_only and tab.editor.situation.isReadOnly() and not tab.save_button.isEnabled()
    assert SitrepStatus.APPROVED.label.upper() in tab.banner.text()

    click(qtbot, tab.sent_button)
    sending = tab.dialog
    ok(qtbot, sending)
    assert set(sending.errors.messages()) == {"via"}
    sending.choose(SentVia.DSB_CIM)
    ok(qtbot, sending)
    sent = sitreps.get(store, report.id)
    assert sent.status is SitrepStatus.SENT and sent.sent_via is SentVia.DSB_CIM
    assert last_entry(store, incident).key_event and not tab.sent_button.isEnabled()


def test_unsaved_edits_are_asked_about_when_leaving_the_report(qtbot, store):
    incident = start(store)
    first = sitreps.create(store, incident.id, SitrepContent(situation="Første"), operator=KARI)
    second = sitreps.create(store, incident.id, SitrepContent(situation="Andre"), operator=KARI)
    page = shown_page(qtbot, store, "sitreps_tab")
    tab = page.sitreps_tab
    assert tab.sitrep.id == second.id  # the latest
    qtbot.keyClicks(tab.editor.texts["needs"], "Aggregat")

    answer_next_dialog(_("Cancel"))
    tab.list.setCurrentCell(0, 0)
    assert tab.sitrep.id == second.id and tab.list.currentRow() == 1 and tab.editor.texts["needs"].toPlainText() == "Aggregat"

    answer_next_dialog(_("Discard changes"))
    tab.list.setCurrentCell(0, 0)
    assert tab.sitrep.id == first.id and sitreps.get(store, second.id).content.needs == ""

    tab.select_report(2)
    qtbot.keyClicks(tab.editor.texts["needs"], "Sandsekker")
    answer_next_dialog(_("Save"))
    tab.select_report(1)
    assert tab.sitrep.id == first.id and sitreps.get(store, second.id).content.needs == "Sandsekker"

    # Another incident, or another page, asks too
    other = start(store, title="Strømbrudd")
    page.reload()
    tab.select_report(1)
    qtbot.keyClicks(tab.editor.texts["other"], "Notat")
    answer_next_dialog(_("Cancel"))
    page.show_incident(other.id)
    assert page.incident.id == incident.id and tab.editor.texts["other"].toPlainText() == "Notat"
    answer_next_dialog(_("Cancel"))
    assert not page.confirm_leave()
    answer_next_dialog(_("Save"))
    page.show_incident(other.id)
    assert page.incident.id == other.id and sitreps.get(store, first.id).content.other == "Notat"


def test_copy_previous_and_the_next_report_time_turning_red(qtbot, store):
    incident = start(store)
    late = now_utc() - timedelta(minutes=30)
    sitreps.create(store, incident.id, SitrepContent(report_to="Statsforvalteren", situation="Flom", next_report_at=late),
                   operator=KARI)
    page = shown_page(qtbot, store, "sitreps_tab")
    tab = page.sitreps_tab
    assert tab.list.item(0, NEXT).foreground().color().name() == OVERDUE_COLOUR
    assert OVERDUE_COLOUR in tab.next_due.text()
    click(qtbot, tab.copy_button)
    reports = sitreps.list_for(store, incident.id)
    assert [r.number for r in reports] == [1, 2] and reports[1].content.situation == "Flom"
    assert reports[1].content.next_report_at is None and tab.sitrep.id == reports[1].id
    assert tab.list.item(0, NEXT).foreground().color().name() != OVERDUE_COLOUR and not tab.next_due.text()


def test_the_print_dialog_offers_only_what_the_incident_has(qtbot, store):
    incident = start(store)
    page = shown_page(qtbot, store, "sitreps_tab")
    dialog = IncidentPrintDialog(store, incident, page, what="sitrep")
    qtbot.addWidget(dialog)
    enabled = {name: dialog.group.button(row).isEnabled() for row, name in enumerate(("log", "sitrep", "incident-cards", "board", "callouts"))}
    assert enabled == {"log": True, "sitrep": False, "incident-cards": True, "board": True, "callouts": False}
    assert dialog.choice() == ("log", None)  # a situation report was asked for, but there is none
    for number in (1, 2):
        sitreps.create(store, incident.id, operator=KARI)
    dialog = IncidentPrintDialog(store, incident, page, what="sitrep")
    qtbot.addWidget(dialog)
    assert dialog.choice() == ("sitrep", 2)
    dialog.choose("sitrep", 1)
    assert dialog.choice() == ("sitrep", 1)


def preview_of(qtbot, owner):
    shown = lambda: getattr(owner, "print_preview", None) is not None and isValid(owner.print_preview) and owner.print_preview.isVisible()
    qtbot.waitUntil(shown, timeout=20000)
    return owner.print_preview


def test_printing_a_report_saves_what_is_typed_and_the_menu_prints_the_board(qtbot, store):
    incident = start(store)
    report = sitreps.create(store, incident.id, SitrepContent(situation="Flom"), operator=KARI)
    page = shown_page(qtbot, store, "sitreps_tab")
    tab = page.sitreps_tab
    tab.editor.situation.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(tab.editor.situation, " i Elvegata")
    click(qtbot, tab.print_button)
    preview = preview_of(qtbot, page)
    assert sitreps.get(store, report.id).content.situation == "Flom i Elvegata"
    assert "Flom i Elvegata" in " ".join(page_texts(preview._pdf))
    preview.close()
    qtbot.waitUntil(lambda: not isValid(page.print_preview) or not page.print_preview.isVisible())

    board = next(action for action in page.print_menu.actions() if action.text() == _("The action board"))
    board.trigger()
    preview = preview_of(qtbot, page)
    text = " ".join(page_texts(preview._pdf))
    assert actions.list_for(store, incident.id)[0].card_code in text
    preview.close()


def test_a_read_only_database_shows_the_tabs_and_offers_no_writing(qtbot, store):
    incident = start(store)
    callout = callouts.start(store, incident.id, next(a.id for a in alerts.list_all(store) if a.name == LIST), **WHO)
    sitreps.create(store, incident.id, SitrepContent(situation="Flom"), operator=KARI)
    with open_store(store.path, read_only=True) as reader:
        page = shown_page(qtbot, reader, "actions_tab")
        steps, calls, reports = page.actions_tab, page.callouts_tab, page.sitreps_tab
        assert steps.current is not None and steps.model.rowCount() > 0
        assert not steps.add_button.isEnabled() and not any(b.isEnabled() for b in steps.status_buttons.values())
        qtbot.keyClick(steps.tree, Qt.Key.Key_3)
        assert calls.callout.id == callout.id and not calls.start_button.isEnabled() and not calls.finish_button.isEnabled()
        assert not any(b.isEnabled() for b in calls.person.buttons.values())
        assert reports.sitrep is not None and reports.editor.situation.isReadOnly()
        assert not any(b.isEnabled() for b in (reports.new_button, reports.copy_button, reports.save_button,
                                               reports.submit_button, reports.approve_button))
        assert reports.print_button.isEnabled()
        page.close()
    assert actions.list_for(store, incident.id)[0].status is ActionStatus.NOT_STARTED
