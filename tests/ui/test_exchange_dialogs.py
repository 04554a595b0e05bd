"""Sharing plans and action cards from the GUI: export a choice to a file, import after a preview."""

from __future__ import annotations

import json
import re
import threading

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QProgressDialog, QPushButton

from beredskap_desktop.i18n import _
from beredskap_desktop.services.exchange.export import export_cards
from beredskap_desktop.services.exchange.importing import plan_file
from beredskap_desktop.services.municipality import create_municipality
from beredskap_desktop.storage import cards, municipality, plans
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.dialogs.exchange_plans import export_plans_or_cards, import_plans_or_cards
from tests.services.test_plan_exchange import dump, fill


@pytest.fixture
def fjordvik(store):
    return {"store": store, **fill(store)}


@pytest.fixture
def nabovik(tmp_path):
    path = tmp_path / "nabovik.sqlite"
    create_municipality(path, "Nabovik", "4602")
    with open_store(path) as opened:
        yield opened


@pytest.fixture
def window(qtbot):
    main = QMainWindow()
    qtbot.addWidget(main)
    main.show()
    return main


def test_export_the_selected_cards_to_the_chosen_file(qtbot, window, fjordvik, tmp_path, monkeypatch):
    out = tmp_path / "valgt.json"
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, title, name, filter_: offered.append(name) or (str(out), ""))
    export_plans_or_cards(window, fjordvik["store"], "cards", [fjordvik["heat"].id])
    choice = window.exchange_export
    assert choice.selected.isChecked() and "3" in choice.everything.text()
    choice.accept()
    qtbot.waitUntil(out.exists)
    assert offered == ["fjordvik-tiltakskort.json"]
    assert [card["code"] for card in json.loads(out.read_text(encoding="utf-8"))["cards"]] == ["TK-03"]
    qtbot.waitUntil(lambda: "valgt.json" in window.statusBar().currentMessage())


def export_all_plans(qtbot, window, store, *, include_exempt: bool = False) -> None:
    """File → Export plans with nothing selected: the dialog offers all plans and the exempt sections box."""
    export_plans_or_cards(window, store, "plans", None)
    choice = window.exchange_export
    assert not choice.selected.isVisible() and choice.everything.isChecked() and not choice.include_exempt.isChecked()
    choice.include_exempt.setChecked(include_exempt)
    choice.accept()


def test_export_every_plan_without_a_selection_leaves_exempt_sections_out_unless_ticked(qtbot, window, fjordvik, tmp_path, monkeypatch):
    out = tmp_path / "planer.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    export_all_plans(qtbot, window, fjordvik["store"])
    qtbot.waitUntil(out.exists)
    shared = json.loads(out.read_text(encoding="utf-8"))["plans"]
    assert len(shared) == 2
    assert all(s["classification"] == "open" for plan in shared for s in plan["sections"])
    out.unlink()
    export_all_plans(qtbot, window, fjordvik["store"], include_exempt=True)
    qtbot.waitUntil(out.exists)
    assert any(s["classification"] == "exempt" for plan in json.loads(out.read_text(encoding="utf-8"))["plans"] for s in plan["sections"])


def test_import_shows_a_preview_then_imports(qtbot, window, fjordvik, nabovik, tmp_path, monkeypatch):
    source = tmp_path / "kort.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(source), ""))
    export_plans_or_cards(window, fjordvik["store"], "cards", None)
    qtbot.waitUntil(source.exists)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(source), ""))
    refreshed = []
    import_plans_or_cards(window, nabovik, lambda: refreshed.append(True))
    qtbot.waitUntil(lambda: getattr(window, "exchange_preview", None) is not None and window.exchange_preview.isVisible())
    preview = window.exchange_preview
    summary = preview.findChild(QLabel, "exchange_summary").text()
    assert "kort.json" in summary
    assert re.findall(r"\d+", summary) == ["3", "0", "0", "0", "3"]  # new, updated, unchanged, new codes, warnings
    assert preview.tabs.widget(0).item(0, 0).text() == "TK-01 Varsle kriseledelsen"
    assert preview.tabs.widget(4).rowCount() == 3
    assert cards.count(nabovik) == 0  # nothing written before the user confirms
    preview.import_button.click()
    qtbot.waitUntil(lambda: bool(refreshed))
    assert cards.count(nabovik) == 3
    assert cards.get(nabovik, fjordvik["alert"].id).title == "Varsle kriseledelsen"


def test_a_file_already_imported_offers_only_close(qtbot, window, fjordvik, nabovik, tmp_path, monkeypatch):
    source = tmp_path / "planer.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(source), ""))
    export_all_plans(qtbot, window, fjordvik["store"])
    qtbot.waitUntil(source.exists)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(source), ""))
    import_plans_or_cards(window, nabovik, lambda: None)
    qtbot.waitUntil(lambda: getattr(window, "exchange_preview", None) is not None and window.exchange_preview.isVisible())
    window.exchange_preview.import_button.click()
    qtbot.waitUntil(lambda: plans.count(nabovik) == 2)
    window.exchange_preview = None
    import_plans_or_cards(window, nabovik, lambda: None)
    qtbot.waitUntil(lambda: window.exchange_preview is not None and window.exchange_preview.isVisible())
    assert window.exchange_preview.import_button is None
    assert re.findall(r"\d+", window.exchange_preview.findChild(QLabel, "exchange_summary").text())[:3] == ["0", "0", "2"]
    window.exchange_preview.reject()


def test_a_bad_file_is_shown_plainly_and_changes_nothing(qtbot, window, nabovik, tmp_path, monkeypatch):
    junk = tmp_path / "bilde.json"
    junk.write_bytes(bytes(range(256)) * 4)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(junk), ""))
    shown = []
    monkeypatch.setattr("beredskap_desktop.ui.dialogs.exchange_plans.QMessageBox.warning", lambda parent, title, text: shown.append(text))
    before = dump(nabovik)
    import_plans_or_cards(window, nabovik, lambda: None)
    qtbot.waitUntil(lambda: bool(shown))
    assert "bilde.json" in shown[0] and "Traceback" not in shown[0]
    assert dump(nabovik) == before


def test_a_read_only_database_is_not_offered_an_import(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "lese.sqlite"
    create_municipality(path, "Lesevik", "4603")
    shown = []
    monkeypatch.setattr("beredskap_desktop.ui.dialogs.exchange_plans.QMessageBox.warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: pytest.fail("no file should be asked for"))
    with open_store(path, read_only=True) as store:
        assert municipality.get(store).name == "Lesevik"
        import_plans_or_cards(window, store, lambda: None)
    assert len(shown) == 1


def progress_dialog(window, title: str) -> QProgressDialog:
    return [d for d in window.findChildren(QProgressDialog) if d.labelText() == title][-1]


def test_cancel_while_reading_opens_no_preview(qtbot, window, fjordvik, nabovik, tmp_path, monkeypatch):
    source = tmp_path / "kort.json"
    export_cards(fjordvik["store"], source)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(source), ""))
    shown = []
    monkeypatch.setattr("beredskap_desktop.ui.dialogs.exchange_plans.QMessageBox.warning", lambda parent, title, text: shown.append(text))
    cancelled = threading.Event()

    def read_after_cancel(store, path):
        cancelled.wait(5)
        return plan_file(store, path)

    monkeypatch.setattr("beredskap_desktop.ui.dialogs.exchange_plans.plan_file", read_after_cancel)
    window.exchange_preview = None
    import_plans_or_cards(window, nabovik, lambda: pytest.fail("nothing is imported"))
    progress_dialog(window, _("Reading {file}…").format(file="kort.json")).findChild(QPushButton).click()
    cancelled.set()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [_("Cancelled. Nothing was changed.")]
    assert window.exchange_preview is None and cards.count(nabovik) == 0


def test_writing_offers_no_cancel_it_could_not_honour(qtbot, window, fjordvik, nabovik, tmp_path, monkeypatch):
    source = tmp_path / "kort.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(source), ""))
    export_plans_or_cards(window, fjordvik["store"], "cards", None)
    assert not progress_dialog(window, _("Exporting…")).findChildren(QPushButton)
    qtbot.waitUntil(source.exists)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(source), ""))
    imported = []
    import_plans_or_cards(window, nabovik, lambda: imported.append(True))
    assert progress_dialog(window, _("Reading {file}…").format(file="kort.json")).findChildren(QPushButton)  # reading can stop
    qtbot.waitUntil(lambda: getattr(window, "exchange_preview", None) is not None and window.exchange_preview.isVisible())
    window.exchange_preview.import_button.click()
    assert not progress_dialog(window, _("Importing…")).findChildren(QPushButton)
    qtbot.waitUntil(lambda: bool(imported))
    assert cards.count(nabovik) == 3
