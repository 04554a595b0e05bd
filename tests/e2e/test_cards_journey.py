"""Writing an action card through the real main window: five steps, reordered, two incident types, found by search."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from beredskap_desktop.domain.cards import Phase
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import cards
from tests.gui_fixtures import answer_next_dialog

STEPS = (
    ("Vurder om kriseledelsen skal settes", ""),
    ("Varsle kriseledelsen", "T+15 min"),
    ("Klargjør beredskapsrommet", "T+30 min"),
    ("Innhent situasjonsbilde fra nødetatene", "T+45 min"),
    ("Gjennomfør første stabsmøte", "T+1 t"),
)


def open_page(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.cards_page
    assert window.pages.currentWidget() is page
    return page


def check_type(qtbot, editor, code: str) -> None:
    """Tick an incident type with the keyboard, as a user does."""
    types = editor.incident_types
    item = next(types.item(i) for i in range(types.count()) if types.item(i).data(Qt.ItemDataRole.UserRole) == code)
    types.setCurrentItem(item)
    qtbot.keyClick(types, Qt.Key.Key_Space)


def listed(page) -> list[str]:
    return [page.model.card_at(row).code for row in range(page.model.rowCount())]


def test_write_reorder_link_save_and_find_a_card(qtbot, window, seeded):
    store = seeded["store"]
    page = open_page(qtbot, window)
    assert page.empty.isVisible()  # no cards yet
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor, steps = page.editor, page.editor.steps
    assert editor.code.text() == "TK-01" and QApplication.focusWidget() is editor.title
    qtbot.keyClicks(editor.title, "Kriseleders første tiltak")
    qtbot.keyClicks(editor.trigger, "Melding om en hendelse som kan kreve kriseledelse")
    check_type(qtbot, editor, "flom")
    check_type(qtbot, editor, "skred")
    qtbot.mouseClick(editor.phases[Phase.ALERT], Qt.MouseButton.LeftButton)
    for text, deadline in STEPS:
        qtbot.mouseClick(steps.add_button, Qt.MouseButton.LeftButton)
        assert QApplication.focusWidget() is steps.text
        qtbot.keyClicks(steps.text, text)
        qtbot.keyClicks(steps.deadline, deadline)
    assert steps.model.rowCount() == 5 and steps.current_row() == 4

    # Reorder: the staff meeting two places up with the keyboard, the first step down with the button
    steps.table.setFocus()
    qtbot.keyClick(steps.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(steps.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert steps.current_row() == 2
    steps.select(0)
    qtbot.mouseClick(steps.down_button, Qt.MouseButton.LeftButton)
    expected = [STEPS[1][0], STEPS[0][0], STEPS[4][0], STEPS[2][0], STEPS[3][0]]
    assert [steps.model.index(r, 0).data() for r in range(5)] == expected

    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [summary] = cards.summaries(store)
    card = cards.get(store, summary.id)
    assert [s.text for s in card.steps] == expected
    assert [s.deadline_minutes for s in card.steps] == [15, None, 60, 30, 45]
    assert card.incident_types == ("flom", "skred") and card.phases == (Phase.ALERT,)
    assert card.version == 1 and card.code == "TK-01" and card.role_id == "kriseleder"
    assert listed(page) == ["TK-01"] and page.table.currentIndex().row() == 0
    assert "Flom" in page.model.index(0, 3).data() and page.model.index(0, 5).data() == "5"

    # A change to a step is a new version
    steps.select(3)
    qtbot.keyClicks(steps.text, " og loggføring")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert cards.get(store, card.id).version == 2
    assert "2" in editor.version.text()

    # Found by a word in a step, typed without Nordic letters
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search
    qtbot.keyClicks(page.search, "nodetatene")
    assert listed(page) == ["TK-01"]
    page.search.clear()
    qtbot.keyClicks(page.search, "evakuering")
    assert listed(page) == [] and page.empty.isVisible()


def test_leaving_the_page_with_unsaved_edits_asks(qtbot, window, seeded):
    page = open_page(qtbot, window)
    window.new_action.trigger()
    qtbot.keyClicks(page.editor.title, "Halvferdig kort")
    answer_next_dialog(_("Cancel"))
    window.navigation.setCurrentRow(0)
    assert window.pages.currentWidget() is page and page.editor.title.text() == "Halvferdig kort"
    answer_next_dialog(_("Discard changes"))
    window.navigation.setCurrentRow(0)
    assert window.pages.currentWidget() is window.contacts_page
    assert cards.count(seeded["store"]) == 0
