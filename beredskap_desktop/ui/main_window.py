"""The main window: navigation, pages, banners, menus and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget,
)

from beredskap_desktop import __version__
from beredskap_desktop.domain.contacts import ContactType
from beredskap_desktop.i18n import _, current_language, ngettext
from beredskap_desktop.storage import incidents as incident_store
from beredskap_desktop.storage import municipality
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.pages.contacts_page import ContactsPage
from beredskap_desktop.ui.widgets.banner import Banner
from beredskap_desktop.ui.widgets.incident_style import EXERCISE_COLOUR


class MainWindow(QMainWindow):
    """``shown`` fires once the window is on screen with its data loaded."""

    shown = Signal()
    language_requested = Signal(str)
    open_requested = Signal()
    new_requested = Signal()
    settings_changed = Signal()
    restore_requested = Signal(object)  # a backup's path, confirmed on the Data page
    back_up_on_close = False  # the application turns it on (never with --exit-when-shown)
    _closing_backup = False

    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        place = municipality.get(store)
        self.municipality_name = place.name if place else ""
        self.setWindowTitle(f"{self.municipality_name} – " + _("Crisis management") if place else _("Crisis management"))
        self.resize(1360, 820)
        self.contacts_page = ContactsPage(store)
        self._lazy_pages: dict[int, QWidget] = {}
        self.contacts_page.changed.connect(self._update_status)
        self._build()
        self._build_menus()
        self._update_status()
        self._update_exercise_banner()

    def _build(self) -> None:
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(190)
        self.navigation.setStyleSheet("QListWidget { font-size: 13pt; } QListWidget::item { padding: 10px 8px; }")
        self.pages = QStackedWidget()
        self.navigation.addItem(_("Contacts"))
        self.pages.addWidget(self.contacts_page)
        for title in (_("Alert lists"), _("Plans"), _("Action cards"), _("Incidents"), _("Data")):
            self.navigation.addItem(title)
            self.pages.addWidget(QWidget())
        self.navigation.currentRowChanged.connect(self._go_to)
        self.navigation.setCurrentRow(0)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.navigation)
        body.addWidget(self.pages, 1)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.read_only_banner = None
        if self.store.read_only:
            self.read_only_banner = Banner(
                _("READ-ONLY") + " – " + _("changes cannot be saved ({reason})").format(reason=self.store.read_only_reason), "#b91c1c"
            )
            self.read_only_banner.setObjectName("read_only_banner")
            column.addWidget(self.read_only_banner)
        self.exercise_banner = Banner("", EXERCISE_COLOUR)
        self.exercise_banner.setObjectName("exercise_banner")
        column.addWidget(self.exercise_banner)
        column.addLayout(body, 1)
        self.setCentralWidget(central)
        self.file_label = QLabel()
        self.mode_label = QLabel()
        self.count_label = QLabel()
        self.statusBar().addWidget(self.file_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.backup_label = QLabel()  # filled by ui.backup_status once the window is up
        self.backup_label.setObjectName("backup_status")
        self.statusBar().addPermanentWidget(self.backup_label)
        self.statusBar().addPermanentWidget(self.mode_label)

    def _action(self, menu, text: str, slot, shortcut=None, enabled: bool = True) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        writable = not self.store.read_only
        file_menu = self.menuBar().addMenu(_("&File"))
        self._action(file_menu, _("New municipality…"), self.new_requested.emit)
        self._action(file_menu, _("Open database…"), self.open_requested.emit, QKeySequence.StandardKey.Open)
        file_menu.addSeparator()
        self._action(file_menu, _("Start incident…"), lambda: self.start_incident(False), enabled=writable)
        self._action(file_menu, _("Start exercise…"), lambda: self.start_incident(True), enabled=writable)
        file_menu.addSeparator()
        self.import_action = self._action(file_menu, _("Import contacts…"), self.import_contacts, "Ctrl+I", writable)
        self.export_action = self._action(file_menu, _("Export contacts…"), self.export_contacts, "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, _("Import plans or action cards…"), self.import_plans_or_cards, enabled=writable)
        self._action(file_menu, _("Export plans…"), lambda: self.export_plans_or_cards("plans"))
        self._action(file_menu, _("Export action cards…"), lambda: self.export_plans_or_cards("cards"))
        file_menu.addSeparator()
        self._action(file_menu, _("Print…"), self.print_current, QKeySequence.StandardKey.Print)
        self._action(file_menu, _("Print emergency binder…"), lambda: self._printing().print_binder(self), "Ctrl+Shift+P")
        self._action(file_menu, _("Print blank forms…"), lambda: self._printing().print_forms(self))
        self._action(file_menu, _("Check a printed action card…"), lambda: self._printing().check_sheet(self), "Ctrl+Shift+K")
        file_menu.addSeparator()
        self._action(file_menu, _("Settings…"), self._settings, enabled=writable)
        self._action(file_menu, _("Quit"), self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        self.new_action = self._action(edit_menu, _("New"), self._new_item, QKeySequence.StandardKey.New, writable)
        self.save_action = self._action(edit_menu, _("Save"), self._save_item, QKeySequence.StandardKey.Save, writable)
        self._action(edit_menu, _("Search"), self._focus_search, QKeySequence.StandardKey.Find)
        self._action(edit_menu, _("Find in plans and action cards…"), self.find_everywhere, "Ctrl+K")
        self._action(edit_menu, _("Log entry…"), lambda: self.incidents_page.quick_entry(), "Ctrl+L", writable)
        edit_menu.addSeparator()
        self._action(edit_menu, _("Incident types…"), self.edit_incident_types)
        view_menu = self.menuBar().addMenu(_("&View"))
        self._action(view_menu, _("Contacts"), lambda: self.navigation.setCurrentRow(0), "Ctrl+1")
        self._action(view_menu, _("Alert lists"), lambda: self.navigation.setCurrentRow(1), "Ctrl+2")
        self._action(view_menu, _("Plans"), lambda: self.navigation.setCurrentRow(2), "Ctrl+3")
        self._action(view_menu, _("Action cards"), lambda: self.navigation.setCurrentRow(3), "Ctrl+4")
        self._action(view_menu, _("Incidents"), lambda: self.navigation.setCurrentRow(4), "Ctrl+5")
        self._action(view_menu, _("Data"), lambda: self.navigation.setCurrentRow(5), "Ctrl+6")
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(_("Language"))
        for code, name in (("nb", "Norsk bokmål"), ("en", "English")):
            action = self._action(language_menu, name, lambda checked=False, code=code: self.language_requested.emit(code))
            action.setCheckable(True)
            action.setChecked(code == current_language())
        help_menu = self.menuBar().addMenu(_("&Help"))
        self._action(help_menu, _("About"), self._about)

    @property
    def alert_lists_page(self):
        """The Alert lists page, built the first time it is needed (not at start-up)."""
        return self._page(1)

    @property
    def plans_page(self):
        return self._page(2)

    @property
    def cards_page(self):
        return self._page(3)

    @property
    def incidents_page(self):
        return self._page(4)

    @property
    def data_page(self):
        return self._page(5)

    def _page(self, row: int) -> QWidget:
        """The page at navigation ``row``; pages other than Contacts are built on first use."""
        if row == 0:
            return self.contacts_page
        if row not in self._lazy_pages:
            page = self._build_page(row)
            placeholder = self.pages.widget(row)
            self.pages.insertWidget(row, page)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self._lazy_pages[row] = page
        return self._lazy_pages[row]

    def _build_page(self, row: int) -> QWidget:
        if row == 1:
            from beredskap_desktop.ui.pages.alert_lists_page import AlertListsPage

            page = AlertListsPage(self.store)
            self.contacts_page.changed.connect(page.reload)
            page.changed.connect(lambda: self._reload_built(3))  # the lists a step can notify
        elif row == 2:
            from beredskap_desktop.ui.pages.plans_page import PlansPage

            page = PlansPage(self.store)
            page.changed.connect(lambda: self._reload_built(3))
        elif row == 3:
            from beredskap_desktop.ui.pages.cards_page import CardsPage

            page = CardsPage(self.store)
            self.contacts_page.changed.connect(page.reload)
            page.changed.connect(lambda: self._reload_built(2))
        elif row == 4:
            from beredskap_desktop.ui.pages.incidents_page import IncidentsPage

            page = IncidentsPage(self.store)
            page.changed.connect(self._update_exercise_banner)
        else:
            from beredskap_desktop.ui import backup_status
            from beredskap_desktop.ui.pages.data_page import DataPage

            page = DataPage(self.store)
            page.imported.connect(self._after_data_import)
            page.backups_changed.connect(lambda: backup_status.refresh(self))
            page.restore_requested.connect(self.restore_requested)
        return page

    def _after_data_import(self) -> None:
        """A snapshot or incident package replaced or added data on every page."""
        self.contacts_page.reload()
        self._reload_built(1, 2, 3, 4)
        self._update_status()
        self._update_exercise_banner()

    def _reload_built(self, *rows: int) -> None:
        for row in rows:
            if row in self._lazy_pages:
                self._lazy_pages[row].reload()

    def _go_to(self, row: int) -> None:
        if row != self.pages.currentIndex() and not self.confirm_leave():
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(self.pages.currentIndex())
            self.navigation.blockSignals(False)
            return
        self._page(row)
        self.pages.setCurrentIndex(row)

    def _new_item(self) -> None:
        if self.pages.currentWidget() is self.contacts_page:
            self.contacts_page.new_contact(ContactType.PERSON)
        elif hasattr(self.pages.currentWidget(), "new_item"):
            self.pages.currentWidget().new_item()

    def _save_item(self) -> None:
        if self.pages.currentWidget() is self.contacts_page:
            self.contacts_page.editor.save()
        elif hasattr(self.pages.currentWidget(), "save"):
            self.pages.currentWidget().save()

    def _focus_search(self) -> None:
        page = self.pages.currentWidget()
        if not hasattr(page, "focus_search"):
            self.navigation.setCurrentRow(0)
            page = self.contacts_page
        page.focus_search()

    def find_everywhere(self) -> None:
        """One search box over plans, their sections and action cards (Ctrl+K)."""
        from beredskap_desktop.ui.dialogs.find_everywhere import FindEverywhere

        dialog = FindEverywhere(self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.show_found)
        dialog.open()

    def show_found(self, kind: str, item_id: str, section_id: str) -> None:
        """Open a plan (at a section) or an action card found by the search."""
        row = 2 if kind == "plan" else 3
        self.navigation.setCurrentRow(row)
        if self.pages.currentIndex() != row:
            return
        if kind == "plan":
            self.plans_page.show_plan(item_id, section_id or None)
        else:
            self.cards_page.show_card(item_id)

    @staticmethod
    def _printing():
        from beredskap_desktop.ui import print_actions  # reportlab is not needed to start the program

        return print_actions

    def print_current(self) -> None:
        """Print what the current page shows (Ctrl+P)."""
        self._printing().print_page(self, self.pages.currentIndex())

    def start_incident(self, exercise: bool) -> None:
        """File → Start incident / exercise: the dialog, then the incident on its page."""
        self.incidents_page.start_incident(exercise)
        self.navigation.setCurrentRow(4)

    def _update_exercise_banner(self) -> None:
        """ØVELSE across the window while an exercise is open."""
        titles = [i.title for i in incident_store.list_all(self.store, include_closed=False) if i.exercise]
        self.exercise_banner.setText(_("EXERCISE") + " – " + ", ".join(titles))
        self.exercise_banner.setVisible(bool(titles))

    def edit_incident_types(self) -> None:
        from beredskap_desktop.ui.dialogs.incident_types import IncidentTypesDialog

        dialog = IncidentTypesDialog(self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._reload_built(3))
        dialog.open()

    def _update_status(self) -> None:
        self.file_label.setText(_("Database: {path}").format(path=self.store.path))
        if self.store.read_only:
            self.mode_label.setText(_("READ-ONLY"))
            self.mode_label.setStyleSheet("color: #b91c1c; font-weight: 700; padding: 0 8px;")
        else:
            self.mode_label.setText(_("Read and write"))
        total = self.contacts_page.model.total()
        self.count_label.setText(ngettext("{count} contact", "{count} contacts", total).format(count=total))

    def import_contacts(self) -> None:
        from beredskap_desktop.ui.dialogs.import_contacts import import_contacts

        import_contacts(self, self.store, self._after_import)

    def _after_import(self) -> None:
        self.contacts_page.reload()
        self._reload_built(1, 3)
        self._update_status()

    def export_contacts(self) -> None:
        from beredskap_desktop.ui.dialogs.export_contacts import export_contacts

        export_contacts(self, self.store)

    def import_plans_or_cards(self) -> None:
        from beredskap_desktop.ui.dialogs.exchange_plans import import_plans_or_cards

        if self.confirm_leave():
            import_plans_or_cards(self, self.store, self._after_plans_import)

    def _after_plans_import(self) -> None:
        """An import may add roles (the contacts' role filter, alert lists) besides plans and cards."""
        self.contacts_page.reload()
        self._reload_built(1, 2, 3)

    def export_plans_or_cards(self, kind: str) -> None:
        """Export plans or cards: the ones selected on their page, or all."""
        from beredskap_desktop.ui.dialogs.exchange_plans import export_plans_or_cards

        row = 2 if kind == "plans" else 3
        page = self._lazy_pages.get(row)
        ids = page.selected_ids() if page is not None and self.pages.currentIndex() == row else None
        export_plans_or_cards(self, self.store, kind, ids or None)

    def _settings(self) -> None:
        from beredskap_desktop.ui.dialogs.settings import SettingsDialog

        if self.confirm_leave() and SettingsDialog(self.store, self).exec():
            self.settings_changed.emit()

    def _about(self) -> None:
        QMessageBox.about(
            self, _("About"),
            _("beredskap_desktop {version}\nOffline crisis management for the municipality.\nDatabase: {path}").format(version=__version__, path=self.store.path),
        )

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.shown.emit()

    def confirm_leave(self) -> bool:
        """Whether the current page may be left (it asks about unsaved edits)."""
        current = self.pages.currentWidget()
        return not hasattr(current, "confirm_leave") or current.confirm_leave()

    def closeEvent(self, event) -> None:
        others = [page for page in self._lazy_pages.values() if page is not self.pages.currentWidget()]
        if not self.confirm_leave() or not all(not hasattr(page, "confirm_leave") or page.confirm_leave() for page in others):
            event.ignore()  # every built page is asked, not only the one on screen
            return
        if self._back_up_before_closing():
            event.ignore()  # the window closes once the backup is done
            return
        super().closeEvent(event)

    def _back_up_before_closing(self) -> bool:
        """Start the backup taken on close when data changed (never read-only); True while
        it runs. A failed backup asks whether to close all the same."""
        if not self.back_up_on_close or self.store.read_only or not self.store.changed:
            return False
        if self._closing_backup:
            return True
        from beredskap_desktop.services import backups
        from beredskap_desktop.ui.jobs import start_job
        from beredskap_desktop.ui.widgets.common import ask

        self._closing_backup = True

        def close_now() -> None:
            self.back_up_on_close = False
            self.close()

        def failed(message: str) -> None:
            self._closing_backup = False
            question = _("The backup on closing failed:\n{reason}\n\nClose all the same?").format(reason=message)
            if ask(self, _("Backup"), question, [_("Close without a backup"), _("Keep the program open")], warning=True) == 0:
                close_now()

        start_job(self, _("Taking a backup before closing…"), self.store,
                  lambda worker, report: backups.run_backup(worker, reason=backups.Reason.CLOSE),
                  lambda receipt: close_now(), failed, cancellable=False)
        return True

