"""A plan's life through the real main window: write it, adopt it, revise it, read the history."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from beredskap_desktop.domain.plans import LegalPart, PlanStatus, PlanType
from beredskap_desktop.storage import municipality
from beredskap_desktop.storage import plans as plan_store
from beredskap_desktop.ui.dialogs.adopt_plan import AdoptPlanDialog
from beredskap_desktop.ui.dialogs.plan_history import PlanHistoryDialog
from beredskap_desktop.ui.dialogs.revision_details import LAST_AUTHOR, RevisionDialog
from beredskap_desktop.ui.models.plans_model import STATUS, VERSION


def click_ok(qtbot, dialog):
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_write_adopt_revise_and_compare(qtbot, window, seeded):
    store = seeded["store"]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.plans_page
    assert window.pages.currentWidget() is page and page.empty.isVisible()

    # Write a new overall plan with one section
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor
    assert editor.plan_type.currentData() == PlanType.OVERALL.value  # the first plan is the overall plan
    qtbot.keyClicks(editor.title, "Overordnet beredskapsplan")
    editor.owner.setCurrentIndex(editor.owner.findData("beredskapskoordinator"))
    editor.owner.activated.emit(editor.owner.currentIndex())
    qtbot.mouseClick(editor.sections.add_button, Qt.MouseButton.LeftButton)
    section = editor.sections.editor
    section.title.clear()
    qtbot.keyClicks(section.title, "Kriseledelse")
    section.part.setCurrentIndex(section.part.findData(LegalPart.A.value))
    section.part.activated.emit(section.part.currentIndex())
    qtbot.keyClicks(section.text, "Ordfører leder kriseledelsen.")
    qtbot.keyClick(section.text, Qt.Key.Key_Return)
    qtbot.keyClicks(section.text, "Møtested: rådhuset.")
    qtbot.keyClick(section.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [summary] = plan_store.summaries(store)
    draft = plan_store.get(store, summary.id)
    assert (draft.title, draft.status, draft.version, draft.owner_role_id) == ("Overordnet beredskapsplan", PlanStatus.DRAFT, 0, "beredskapskoordinator")
    assert draft.sections[0].body == "Ordfører leder kriseledelsen.\nMøtested: rådhuset."
    assert page.model.row_of(draft.id) == 0 and not editor.dirty

    # Adopt it
    qtbot.mouseClick(editor.adopt_button, Qt.MouseButton.LeftButton)
    adopt = editor.dialog
    assert isinstance(adopt, AdoptPlanDialog) and adopt.isVisible()
    qtbot.keyClicks(adopt.adopted_by, "Kommunestyret, sak 23/26")
    qtbot.keyClicks(adopt.author, "Kari Ødegård")
    click_ok(qtbot, adopt)
    adopted = plan_store.get(store, draft.id)
    assert (adopted.status, adopted.adopted_by, adopted.version) == (PlanStatus.ADOPTED, "Kommunestyret, sak 23/26", 1)
    assert adopted.adopted_on is not None and adopted.revised_at is not None
    assert page.model.index(0, STATUS).data() == PlanStatus.ADOPTED.label

    # Edit the section and save: who and why
    section.text.selectAll()
    qtbot.keyClicks(section.text, "Ordfører leder kriseledelsen.")
    qtbot.keyClick(section.text, Qt.Key.Key_Return)
    qtbot.keyClicks(section.text, "Møtested: brannstasjonen.")
    qtbot.keyClick(section.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    revision = editor.dialog
    assert isinstance(revision, RevisionDialog) and revision.author.text() == "Kari Ødegård"  # remembered
    qtbot.keyClicks(revision.reason, "Nytt møtested etter ombygging av rådhuset")
    click_ok(qtbot, revision)
    revised = plan_store.get(store, draft.id)
    assert revised.version == 2 and revised.sections[0].body.endswith("Møtested: brannstasjonen.")
    [newest, first] = plan_store.revisions(store, draft.id)
    assert (newest.number, newest.created_by, newest.reason) == (2, "Kari Ødegård", "Nytt møtested etter ombygging av rådhuset")
    assert first.plan.sections[0].body.endswith("Møtested: rådhuset.")
    assert municipality.setting(store, LAST_AUTHOR, "") == "Kari Ødegård"
    assert page.model.index(0, VERSION).data() == "2"

    # The history shows revision 2 against revision 1
    qtbot.mouseClick(editor.history_button, Qt.MouseButton.LeftButton)
    history = editor.dialog
    assert isinstance(history, PlanHistoryDialog)
    qtbot.waitUntil(history.isVisible)
    assert history.table.rowCount() == 2 and history.table.item(0, 0).text() == "2"
    assert history.table.item(0, 2).text() == "Kari Ødegård"
    assert history.compare.currentData() == 1
    html = history.view.toHtml()
    removed = html[:html.index("Møtested: brannstasjonen.")]
    assert "Møtested: rådhuset." in removed  # the old line comes first, struck through
    assert "line-through" in html
    history.only_changes.setChecked(True)
    assert "Møtested: brannstasjonen." in history.view.toPlainText()
    history.reject()
