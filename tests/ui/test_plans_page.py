"""The Plans page on its own: list and badges, search, sections, preview, completeness, read-only, errors."""

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import Classification, LegalPart, Plan, PlanStatus, PlanSummary, PlanType, Section
from beredskap_desktop.domain.revisions import Change, DiffLine
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import municipality
from beredskap_desktop.storage import plans as plan_store
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.dialogs.plan_history import diff_html
from beredskap_desktop.ui.dialogs.revision_details import LAST_AUTHOR, RevisionDialog
from beredskap_desktop.ui.models.plans_model import DUE, STATUS, TITLE, PlansModel, in_tree_order, overdue_badge
from beredskap_desktop.ui.pages.plans_page import PlansPage
from tests.gui_fixtures import answer_next_dialog


@pytest.fixture
def plans(store):
    """An overall plan adopted in 2020 (overdue) with two sections, a draft sub-plan, an archived plan."""
    overall = plan_store.save(store, Plan("", PlanType.OVERALL, "Overordnet beredskapsplan", sections=(
        Section("", "Kriseledelse", "Ordfører leder **kriseledelsen**.", part=LegalPart.A),
        Section("", "Varsling", "Varslingslisten ligger i vedlegg.", Classification.EXEMPT, LegalPart.B),
    )))
    overall = plan_store.save(store, replace(overall, status=PlanStatus.ADOPTED, adopted_by="Kommunestyret, sak 1/20",
                                             adopted_on=date(2020, 3, 1)), author="Kari", reason="Vedtatt", on=date(2020, 3, 1))
    water = plan_store.save(store, Plan("", PlanType.WATER, "Vann og avløp", parent_id=overall.id,
                                        sections=(Section("", "Drikkevann", "Kokeanbefaling ved forurensning."),)))
    old = plan_store.save(store, Plan("", PlanType.IKT, "IKT 2015", status=PlanStatus.ADOPTED, adopted_on=date(2015, 1, 1)), author="Ola", reason="Vedtatt")
    old = plan_store.save(store, replace(old, status=PlanStatus.ARCHIVED), author="Ola", reason="Erstattet")
    return {"overall": overall, "water": water, "old": old}


@pytest.fixture
def page(qtbot, store, plans):
    widget = PlansPage(store)
    qtbot.addWidget(widget)
    widget.resize(1170, 760)
    widget.show()
    yield widget
    widget.editor.dirty = False


def titles(page):
    return [page.model.index(row, TITLE).data() for row in range(page.model.rowCount())]


def ok_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_model_passes_qt_model_tester(qtmodeltester, store, plans):
    model = PlansModel()
    model.set_plans(plan_store.summaries(store), date(2026, 11, 21), 12)
    model.set_filter(None, show_archived=True)
    qtmodeltester.check(model)


def test_sub_plans_follow_their_parent_and_orphans_stand_alone():
    def plan(id_, parent=None):
        return PlanSummary(id_, PlanType.OTHER, id_, PlanStatus.DRAFT, None, 0, parent, None)

    ordered = in_tree_order([plan("a"), plan("b"), plan("a1", "a"), plan("a1x", "a1"), plan("c", "gone")])
    assert [(p.id, depth) for p, depth in ordered] == [("a", 0), ("a1", 1), ("a1x", 2), ("b", 0), ("c", 0)]


def test_list_shows_status_and_overdue_badges(page, plans):
    assert titles(page) == ["Overordnet beredskapsplan", "Vann og avløp"]  # archived hidden, sub-plan under its parent
    overall_row, water_row = page.model.row_of(plans["overall"].id), page.model.row_of(plans["water"].id)
    assert page.model.index(overall_row, DUE).data().startswith(overdue_badge())
    assert "01.03.2021" in page.model.index(overall_row, DUE).data()
    assert page.model.index(overall_row, STATUS).data() == PlanStatus.ADOPTED.label
    assert page.model.index(water_row, STATUS).data() == PlanStatus.DRAFT.label
    assert page.model.index(water_row, DUE).data() == "–"
    assert "1" in page.count_label.text() and "2" in page.count_label.text()
    page.show_archived.setChecked(True)
    assert "IKT 2015" in titles(page)
    page.show_plan(plans["overall"].id)
    assert page.editor.heading_badge.isVisible()
    assert overdue_badge() in page.editor.due.text()


def test_revision_period_is_a_setting(qtbot, store, plans):
    municipality.set_setting(store, municipality.REVISION_MONTHS, "120")
    page = PlansPage(store)
    qtbot.addWidget(page)
    row = page.model.row_of(plans["overall"].id)
    assert page.model.index(row, DUE).data() == "01.03.2030"


def test_search_finds_by_section_text_and_opens_that_section(qtbot, page, plans):
    qtbot.keyClicks(page.search, "kokeanbefaling")
    assert titles(page) == ["Vann og avløp"]
    page.table.selectRow(0)
    assert page.editor.plan.id == plans["water"].id
    assert page.editor.sections.editor.title.text() == "Drikkevann"
    assert page.found.isVisible() and "Drikkevann" in page.found.text()
    page.search.clear()
    qtbot.keyClicks(page.search, "varslingslisten")
    assert titles(page) == ["Overordnet beredskapsplan"]
    page.table.selectRow(0)
    assert page.editor.sections.editor.title.text() == "Varsling"
    page.search.clear()
    qtbot.keyClicks(page.search, "zzz")
    assert page.model.rowCount() == 0 and page.empty.isVisible() and "zzz" in page.empty.text()


def test_sections_add_reorder_and_remove(qtbot, page, plans, store):
    page.show_plan(plans["water"].id)
    editor = page.editor
    qtbot.mouseClick(editor.sections.add_button, Qt.MouseButton.LeftButton)
    assert editor.sections.list.count() == 2 and editor.sections.list.currentRow() == 1
    editor.sections.editor.title.clear()
    qtbot.keyClicks(editor.sections.editor.title, "Avløp")
    assert editor.sections.list.item(1).text() == "Avløp"
    editor.sections.list.setFocus()  # the shortcut belongs to the section list
    qtbot.keyClick(editor.sections.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [s.title for s in editor.sections.sections] == ["Avløp", "Drikkevann"]
    assert editor.sections.list.currentRow() == 0 and editor.dirty
    qtbot.mouseClick(editor.sections.down_button, Qt.MouseButton.LeftButton)
    assert [s.title for s in editor.sections.sections] == ["Drikkevann", "Avløp"]
    answer_next_dialog(_("Remove"))
    qtbot.mouseClick(editor.sections.remove_button, Qt.MouseButton.LeftButton)
    assert [s.title for s in editor.sections.sections] == ["Drikkevann"]
    qtbot.mouseClick(editor.sections.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert [s.title for s in plan_store.get(store, plans["water"].id).sections] == ["Drikkevann", _("New section")]
    assert not editor.dirty


def test_markdown_preview_shows_table_and_bold(qtbot, page, plans):
    page.show_plan(plans["water"].id)
    text = page.editor.sections.editor.text
    text.setPlainText("**Viktig** beskjed\n\n| Hvem | Telefon |\n|---|---|\n| Vakt | 110 |\n")
    preview = page.editor.sections.editor.preview
    qtbot.waitUntil(lambda: "<table" in preview.toHtml())
    html = preview.toHtml()
    assert "font-weight:700" in html and "Viktig" in html and "Vakt" in html
    assert "**" not in preview.toPlainText()


def test_completeness_panel_names_what_is_missing(qtbot, page, plans):
    page.show_plan(plans["overall"].id)
    panel = page.editor.completeness
    assert panel.isVisible()
    for part in (LegalPart.C, LegalPart.D, LegalPart.E):
        assert part.label in panel.text()
    assert LegalPart.A.label not in panel.text()
    assert "01.03.2021" in panel.text()  # overdue since
    qtbot.mouseClick(page.editor.sections.add_button, Qt.MouseButton.LeftButton)
    page.editor.sections.editor.part.setCurrentIndex(page.editor.sections.editor.part.findData(LegalPart.D.value))
    page.editor.sections.editor.part.activated.emit(page.editor.sections.editor.part.currentIndex())
    qtbot.keyClicks(page.editor.sections.editor.text, "Evakuering via skolen.")
    assert LegalPart.D.label not in panel.text()
    page.editor.dirty = False
    page.show_plan(plans["water"].id)
    assert not panel.isVisible()  # only overall plans are checked


def test_a_complete_overall_plan_says_so(qtbot, store):
    plan = plan_store.save(store, Plan("", PlanType.OVERALL, "Komplett", status=PlanStatus.ADOPTED, adopted_by="Kommunestyret",
                                       adopted_on=date.today(), sections=tuple(Section("", part.value, "Tekst", part=part) for part in LegalPart)),
                           author="Kari", reason="Vedtatt")
    page = PlansPage(store)
    qtbot.addWidget(page)
    page.show_plan(plan.id)
    assert page.editor.completeness.text().startswith("✓")
    assert not page.editor.heading_badge.isVisibleTo(page.editor)


def test_read_only_shows_everything_and_edits_nothing(qtbot, db_path, store, plans):
    store.close()
    with open_store(db_path, read_only=True) as read_only:
        page = PlansPage(read_only)
        qtbot.addWidget(page)
        page.show_plan(plans["overall"].id)
        editor = page.editor
        assert editor.title.text() == "Overordnet beredskapsplan" and editor.title.isReadOnly()
        assert editor.sections.editor.text.isReadOnly() and "kriseledelsen" in editor.sections.editor.preview.toPlainText()
        for button in (page.new_button, page.delete_button, editor.save_button, editor.adopt_button, editor.archive_button,
                       editor.sections.add_button, editor.plan_type, editor.sections.editor.classification):
            assert not button.isEnabled()
        assert editor.history_button.isEnabled()
        page.new_item()
        page.save()
        assert editor.plan.id == plans["overall"].id
        assert plan_store.count(read_only) == 3
        page.close()


def test_errors_are_shown_and_nothing_typed_is_lost(qtbot, page, store, monkeypatch):
    before = plan_store.count(store)
    page.new_item()
    editor = page.editor
    qtbot.mouseClick(editor.sections.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.sections.editor.text, "Tekst som ikke må forsvinne")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert plan_store.count(store) == before
    assert "Title" in editor.message.text() or _("Title: required.") in editor.message.text()
    assert editor.sections.editor.text.toPlainText() == "Tekst som ikke må forsvinne"

    qtbot.keyClicks(editor.title, "Ny plan")
    monkeypatch.setattr(plan_store, "save", lambda *a, **k: (_ for _ in ()).throw(UserError("Databasen er full.")))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "Databasen er full." in editor.message.text()
    assert editor.title.text() == "Ny plan" and editor.dirty
    assert editor.sections.editor.text.toPlainText() == "Tekst som ikke må forsvinne"
    monkeypatch.undo()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert plan_store.count(store) == before + 1 and not editor.dirty


def test_saving_an_adopted_plan_asks_who_and_why(qtbot, page, plans, store):
    page.show_plan(plans["overall"].id)
    editor = page.editor
    editor.title.clear()
    qtbot.keyClicks(editor.title, "Overordnet beredskapsplan 2026")
    page.save()
    dialog = editor.dialog
    assert isinstance(dialog, RevisionDialog) and dialog.isVisible()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()  # both are required
    qtbot.keyClicks(dialog.author, "Åse Nilsen")
    qtbot.keyClicks(dialog.reason, "Nytt navn")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    saved = plan_store.get(store, plans["overall"].id)
    assert saved.title == "Overordnet beredskapsplan 2026" and saved.version == plans["overall"].version + 1
    assert plan_store.revisions(store, saved.id)[0].created_by == "Åse Nilsen"
    assert municipality.setting(store, LAST_AUTHOR, "") == "Åse Nilsen"
    assert not editor.dirty and editor.heading.text() == "Overordnet beredskapsplan 2026"


def test_archiving_a_draft_asks_first_and_delete_is_for_drafts_only(qtbot, page, plans, store):
    page.show_plan(plans["overall"].id)
    assert not page.delete_button.isEnabled()  # adopted: archive instead
    page.show_plan(plans["water"].id)
    assert page.delete_button.isEnabled()
    answer_next_dialog(_("Archive"))
    qtbot.mouseClick(page.editor.archive_button, Qt.MouseButton.LeftButton)
    assert plan_store.get(store, plans["water"].id).status is PlanStatus.ARCHIVED
    assert page.editor.title.isReadOnly() and not page.editor.save_button.isEnabled()
    answer_next_dialog(_("Delete"))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert plan_store.get(store, plans["water"].id) is None
    assert page.model.row_of(plans["water"].id) is None
    assert page.editor.plan.id == plans["overall"].id  # the first plan in the list opens


def test_leaving_with_unsaved_edits_asks(qtbot, page, plans):
    page.show_plan(plans["water"].id)
    qtbot.keyClicks(page.editor.title, " (utkast)")
    answer_next_dialog(_("Cancel"))
    page.show_plan(plans["overall"].id)
    assert page.editor.plan.id == plans["water"].id and page.editor.dirty
    assert page.table.currentIndex().row() == page.model.row_of(plans["water"].id)
    answer_next_dialog(_("Discard changes"))
    page.show_plan(plans["overall"].id)
    assert page.editor.plan.id == plans["overall"].id and not page.editor.dirty


def test_diff_is_coloured_and_marked():
    html = diff_html([DiffLine(Change.SAME, "Tittel"), DiffLine(Change.REMOVED, "gammel <linje>"), DiffLine(Change.ADDED, "ny linje")])
    assert "line-through" in html and "gammel &lt;linje&gt;" in html
    assert "#dcfce7" in html and "+ ny linje" in html
    assert diff_html([DiffLine(Change.SAME, "x")]) == "<p>" + _("No differences.") + "</p>"


def test_leaving_can_save_first(qtbot, page, plans, store):
    page.show_plan(plans["water"].id)
    page.editor.title.setText("Vann, avløp og overvann")
    page.editor.title.textEdited.emit(page.editor.title.text())
    answer_next_dialog(_("Save"))
    page.show_plan(plans["overall"].id)
    assert plan_store.get(store, plans["water"].id).title == "Vann, avløp og overvann"
    assert page.editor.plan.id == plans["overall"].id


def test_reload_shows_a_plan_changed_meanwhile_at_the_same_section(qtbot, page, plans, store):
    page.show_plan(plans["overall"].id)
    page.editor.sections.show_section(plans["overall"].sections[1].id)
    changed = plan_store.save(store, replace(plans["overall"], title="Overordnet beredskapsplan 2027"), author="Import", reason="Importert")
    page.reload()  # what File → Import does
    assert page.editor.plan == plan_store.get(store, changed.id) and not page.editor.dirty
    assert page.editor.title.text() == "Overordnet beredskapsplan 2027"
    assert page.editor.sections.editor.title.text() == "Varsling"


def test_reload_keeps_what_is_typed_over_a_plan_changed_meanwhile_and_says_so(qtbot, page, plans, store):
    page.show_plan(plans["water"].id)
    qtbot.keyClick(page.editor.sections.editor.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.editor.sections.editor.text, " Kok vannet.")
    changed = plan_store.save(store, replace(plans["water"], title="Vann og avløp (importert)", status=PlanStatus.ADOPTED,
                                             adopted_by="Kommunestyret", adopted_on=date(2026, 1, 5)), author="Import", reason="Importert")
    page.reload()
    editor = page.editor
    assert editor.dirty and editor.sections.editor.text.toPlainText().endswith("Kok vannet.")
    assert editor.plan == changed  # saving builds on the stored version: its adoption is kept
    assert editor.message.text() and editor.message.isVisible()
    assert editor.status.text().startswith(PlanStatus.ADOPTED.label)
    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert editor.title.text() == "Vann og avløp (importert)" and not editor.dirty


def test_saving_from_the_leave_question_keeps_the_list_on_the_plan_opened(qtbot, page, plans, store):
    page.show_plan(plans["water"].id)
    qtbot.keyClick(page.editor.title, Qt.Key.Key_End)
    qtbot.keyClicks(page.editor.title, " og overvann")
    answer_next_dialog(_("Save"))
    page.table.selectRow(page.model.row_of(plans["overall"].id))
    assert plan_store.get(store, plans["water"].id).title == "Vann og avløp og overvann"
    assert page.editor.plan.id == plans["overall"].id
    assert page.table.currentIndex().row() == page.model.row_of(plans["overall"].id)
    assert page.selected_ids() == [plans["overall"].id]


def test_an_imported_draft_with_a_version_can_be_deleted(qtbot, page, plans, store):
    with store.conn:
        imported = plan_store.save_in_transaction(store, Plan("", PlanType.EPS, "EPS fra nabokommunen", version=4), as_is=True)
    page.reload()
    page.show_plan(imported.id)
    assert page.editor.plan.version == 4 and page.delete_button.isEnabled()
    answer_next_dialog(_("Delete"))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert plan_store.get(store, imported.id) is None


def test_history_names_the_owner_and_the_plan_above(qtbot, page, plans, store):
    adopted = plan_store.save(store, replace(plans["water"], status=PlanStatus.ADOPTED, adopted_on=date(2026, 1, 5),
                                             owner_role_id="kriseleder"), author="Kari", reason="Vedtatt")
    plan_store.save(store, replace(adopted, owner_role_id="beredskapskoordinator", parent_id=None), author="Kari", reason="Ny eier")
    page.reload()
    page.show_plan(adopted.id)
    qtbot.mouseClick(page.editor.history_button, Qt.MouseButton.LeftButton)
    history = page.editor.dialog
    qtbot.waitUntil(history.isVisible)
    text = history.view.toPlainText()
    assert "Kriseleder" in text and "Beredskapskoordinator" in text and "Overordnet beredskapsplan" in text
    assert plans["overall"].id not in text
    history.only_changes.setChecked(True)
    assert "Beredskapskoordinator" in history.view.toPlainText()
    history.reject()
