"""File → Import plans or action cards in the real main window: what is on screen follows the import."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from beredskap_desktop.domain.plans import Plan, PlanType, Section
from beredskap_desktop.services.exchange.export import export_plans
from beredskap_desktop.storage import plans


def import_file(qtbot, window, monkeypatch, source) -> None:
    """Import ``source`` through the File menu's command and confirm the preview."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    window.exchange_preview = None
    window.import_plans_or_cards()
    qtbot.waitUntil(lambda: window.exchange_preview is not None and window.exchange_preview.isVisible())
    window.exchange_preview.import_button.click()


def test_the_plan_open_the_role_filter_and_the_lists_follow_an_import(qtbot, window, seeded, tmp_path, monkeypatch):
    store = seeded["store"]
    plan = plans.save(store, Plan("", PlanType.EPS, "EPS-plan", sections=(
        Section("", "Formål", "Ivareta evakuerte."), Section("", "Lokaler", "Fjordtest-hallen."))))
    source = tmp_path / "planer.json"
    export_plans(store, source, [plan.id])
    document = json.loads(source.read_text(encoding="utf-8"))
    document["plans"][0].update(title="EPS-plan fra nabokommunen", owner_role="vaktleder")
    document["roles"].append({"id": "vaktleder", "name": "Vaktleder"})
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    lists_reloaded = []
    monkeypatch.setattr(window.alert_lists_page, "reload", lambda *args: lists_reloaded.append(True))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page, editor = window.plans_page, window.plans_page.editor
    page.show_plan(plan.id, plan.sections[1].id)
    import_file(qtbot, window, monkeypatch, source)
    qtbot.waitUntil(lambda: editor.title.text() == "EPS-plan fra nabokommunen")
    assert editor.sections.editor.title.text() == "Lokaler" and not editor.dirty
    assert editor.owner.currentData() == "vaktleder"
    assert window.contacts_page.role_filter.findData("vaktleder") >= 0
    assert lists_reloaded

    # The next save builds on the imported plan instead of undoing the import
    window.activateWindow()  # offscreen Qt does not give it back when the import's dialogs close
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    text = editor.sections.editor.text
    qtbot.keyClick(text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(text, " Nøkkel hos vaktmesteren.")
    qtbot.keyClick(text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = plans.get(store, plan.id)
    assert (saved.title, saved.owner_role_id) == ("EPS-plan fra nabokommunen", "vaktleder")
    assert saved.sections[1].body == "Fjordtest-hallen. Nøkkel hos vaktmesteren."
