"""Ctrl+K in the real main window: find a plan section or an action card and land on it; dialogs freed once closed."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from beredskap_desktop.domain.cards import ActionCard, Step
from beredskap_desktop.domain.plans import Plan, PlanType, Section
from beredskap_desktop.storage import cards, plans
from beredskap_desktop.ui.dialogs.find_everywhere import FindEverywhere
from beredskap_desktop.ui.dialogs.incident_types import IncidentTypesDialog


def open_search(qtbot, window) -> FindEverywhere:
    window.activateWindow()  # offscreen Qt does not give it back when a dialog is deleted
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FindEverywhere) or window.findChild(FindEverywhere) is not None)
    return window.findChildren(FindEverywhere)[-1]


def test_find_a_section_then_a_card_and_open_them(qtbot, window, seeded):
    store = seeded["store"]
    plan = plans.save(store, Plan("", PlanType.EPS, "EPS-plan", sections=(
        Section("", "Formål", "Ivareta evakuerte og pårørende."),
        Section("", "Lokaler", "Pårørendesenteret åpnes i Fjordvik-hallen."),
    )))
    card = cards.save(store, ActionCard("", "TK-07", "EPS-leder – åpne senteret", "eps-leder", steps=(Step("", "Lås opp Fjordvik-hallen."),)))

    dialog = open_search(qtbot, window)
    qtbot.keyClicks(dialog.query, "parorendesenter")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.plans_page)
    editor = window.plans_page.editor
    assert editor.plan.id == plan.id
    assert editor.sections.editor.title.text() == "Lokaler"

    dialog = open_search(qtbot, window)
    qtbot.keyClicks(dialog.query, "tk 07")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.cards_page)
    assert window.cards_page.showing() == card.id


def test_closed_dialogs_are_freed(qtbot, window):
    for _round in range(2):
        dialog = open_search(qtbot, window)
        qtbot.keyClick(dialog.query, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not window.findChildren(FindEverywhere), timeout=1000)
    window.edit_incident_types()
    dialog = window.findChild(IncidentTypesDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.reject()
    qtbot.waitUntil(lambda: not window.findChildren(IncidentTypesDialog), timeout=1000)
