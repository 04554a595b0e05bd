"""Print the emergency binder (beredskapsperm) for one of its registered copies, whole or only
the documents changed since that copy was last printed and filed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QInputDialog,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout)

from beredskap_desktop.domain.clock import show
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import binders
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.jobs import start_job
from beredskap_desktop.ui.widgets.common import ask, dialog_buttons


class BinderDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.changes = None
        self._asked = 0  # refreshes asked for: a slower, older one must not overwrite a newer answer
        self.setWindowTitle(_("Print the emergency binder"))
        self.setMinimumSize(620, 520)
        self.copy = QComboBox()
        self.copy.setObjectName("binder_copy")
        self.copy.currentIndexChanged.connect(self.refresh)
        add, rename, retire = (QPushButton(text) for text in (_("New copy…"), _("Rename…"), _("Remove…")))
        add.clicked.connect(self.add_copy)
        rename.clicked.connect(self.rename_copy)
        retire.clicked.connect(self.retire_copy)
        self._copy_buttons = (rename, retire)
        copy_row = QHBoxLayout()
        copy_row.addWidget(QLabel(_("Binder copy")))
        copy_row.addWidget(self.copy, 1)
        for button in (add, rename, retire):
            copy_row.addWidget(button)
        self.last_print = QLabel()
        self.last_print.setObjectName("last_print")
        self.last_print.setWordWrap(True)
        self.changed = QListWidget()
        self.changed.setObjectName("changed_documents")
        self.private = QCheckBox(_("Include private phone numbers (marked as personal data)"))
        self.public = QCheckBox(_("Public version: without exempt sections and private numbers"))
        self.public.toggled.connect(lambda on: self.private.setEnabled(not on))
        for box in (self.private, self.public):
            box.toggled.connect(self.refresh)
        buttons = QDialogButtonBox()
        self.print_changed = buttons.addButton(_("Print changed pages…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_changed.setObjectName("print_changed")
        self.print_whole = buttons.addButton(_("Print the whole binder…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_whole.setObjectName("print_whole")
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        self.print_changed.clicked.connect(lambda: self.print_binder(changed_only=True))
        self.print_whole.clicked.connect(lambda: self.print_binder(changed_only=False))
        layout = QVBoxLayout(self)
        layout.addLayout(copy_row)
        layout.addWidget(self.last_print)
        layout.addWidget(QLabel(_("Changed since this copy was last printed and filed:")))
        layout.addWidget(self.changed, 1)
        layout.addWidget(self.private)
        layout.addWidget(self.public)
        layout.addWidget(buttons)
        self.reload_copies()

    # --- the register of copies --------------------------------------------------------

    def reload_copies(self, select: str | None = None) -> None:
        current = select or self.copy.currentData()
        self.copy.blockSignals(True)
        self.copy.clear()
        self.copy.addItem(_("(no copy: print without recording)"), None)
        for copy in binders.copies(self.store):
            self.copy.addItem(copy.name, copy.id)
        index = self.copy.findData(current) if current else -1
        self.copy.setCurrentIndex(index if index >= 0 else min(1, self.copy.count() - 1))  # the first copy, if any
        self.copy.blockSignals(False)
        self.refresh()

    def _copy(self) -> binders.BinderCopy | None:
        return next((copy for copy in binders.copies(self.store) if copy.id == self.copy.currentData()), None)

    def add_copy(self) -> None:
        name, ok = QInputDialog.getText(self, _("New binder copy"), _("Where is the copy kept?"), text=_("Crisis room, town hall"))
        if ok:
            self._try(lambda: self.reload_copies(binders.add(self.store, name).id))

    def rename_copy(self) -> None:
        copy = self._copy()
        if copy is None:
            return
        name, ok = QInputDialog.getText(self, _("Rename binder copy"), _("Where is the copy kept?"), text=copy.name)
        if ok:
            self._try(lambda: (binders.rename(self.store, copy.id, name), self.reload_copies(copy.id)))

    def retire_copy(self) -> None:
        copy = self._copy()
        if copy is None:
            return
        if ask(self, _("Remove binder copy"), _("Remove «{copy}» from the register? Its print history is kept.").format(copy=copy.name),
               [_("Remove"), _("Cancel")], warning=True) == 0:
            self._try(lambda: (binders.retire(self.store, copy.id), self.reload_copies()))

    def _try(self, action) -> None:
        try:
            action()
        except UserError as error:
            QMessageBox.warning(self, self.windowTitle(), str(error))

    # --- what changed --------------------------------------------------------------------

    def _options(self):
        from beredskap_desktop.services.printing.printouts import Options

        return Options(include_private=self.private.isChecked() and not self.public.isChecked(),
                       public=self.public.isChecked(), copy=self.copy.currentData())

    def refresh(self) -> None:
        """Show the copy's last print and work out, in the background, what changed since."""
        copy = self._copy()
        for button in self._copy_buttons:
            button.setEnabled(copy is not None and not self.store.read_only)
        self.changed.clear()
        self.changes = None
        self.print_changed.setEnabled(False)
        if copy is None:
            self.last_print.setText(_("Choose or add the copy you print for, so the app can tell next time which pages changed."))
            return
        if copy.last_printed_at is None:
            self.last_print.setText(_("«{copy}» has not been printed and filed yet: print the whole binder.").format(copy=copy.name))
            self.changed.addItem(_("Every document is new to this copy."))
            return
        self.last_print.setText(ngettext(
            "Last printed and filed {moment} by {person}: {count} document.",
            "Last printed and filed {moment} by {person}: {count} documents.", copy.documents,
        ).format(moment=show(copy.last_printed_at), person=copy.last_printed_by or "–", count=copy.documents))
        self.changed.addItem(_("Working out what changed…"))
        options = self._options()

        def work(worker, report):
            from beredskap_desktop.services.printing.binder import build_binder, changes_since

            model = build_binder(worker, include_private=options.include_private, public=options.public)
            return changes_since(worker, copy.id, model)

        self._asked += 1
        asked = self._asked  # only the answer to the latest question is shown
        start_job(self, _("Comparing with the printed copy…"), self.store, work,
                  lambda changes: self._show_changes(changes, asked=asked),
                  lambda message: self._show_changes(None, message, asked=asked))

    def _show_changes(self, changes, message: str = "", *, asked: int) -> None:
        if asked != self._asked:
            return
        self.changed.clear()
        self.changes = changes
        if changes is None:
            self.changed.addItem(message)
            return
        for mark, label, docs in (("✎", _("changed"), changes.changed), ("+", _("new"), changes.new),
                                  ("−", _("removed"), changes.removed)):
            for doc in docs:
                QListWidgetItem(f"{mark}  {doc.title}  ({label})", self.changed)
        if not changes:
            self.changed.addItem(_("Nothing has changed since this copy was last printed."))
        self.print_changed.setEnabled(bool(changes.changed or changes.new or changes.removed))

    # --- printing ------------------------------------------------------------------------

    def print_binder(self, *, changed_only: bool) -> None:
        from beredskap_desktop.services.printing.printouts import make
        from beredskap_desktop.ui.dialogs.print_preview import show_print_preview

        copy = self._copy()
        options = self._options()
        printed = {}

        def produce(worker, report):
            printed["it"] = make(worker, "changed" if changed_only else "binder", options, report)
            return printed["it"].pdf

        title = _("Changed pages of the emergency binder") if changed_only else _("Emergency binder")
        show_print_preview(self, self.store, title, produce, suggested_name=_("emergency-binder") + ".pdf",
                           after_print=(lambda: self.confirm_filed(copy, printed["it"])) if copy and not self.store.read_only else None)

    def confirm_filed(self, copy: binders.BinderCopy, printed) -> None:
        """Previews and saved files do not count: only what the user says is on paper in the copy."""
        from beredskap_desktop.services.printing.binder import documents

        dialog = FiledDialog(copy.name, QApplication.activeWindow() or self)  # over the preview, if it is open
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        changes = printed.changes
        now = documents(printed.binder)
        if changes is None:
            filed, removed = now, []
        else:
            keys = changes.to_print
            filed, removed = [doc for doc in now if doc.key in keys], [doc.key for doc in changes.removed]
        self._try(lambda: binders.record_filed(self.store, copy.id, filed, printed_by=dialog.person.text(),
                                               whole=changes is None, removed=removed))
        self.reload_copies(copy.id)


class FiledDialog(QDialog):
    """Was it printed and put in the binder? And by whom."""

    def __init__(self, copy_name: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Printed and filed?"))
        text = QLabel(_("Did the pages come out of the printer, and have they been put in the binder «{copy}»? "
                        "Only then will the app count them as on paper.").format(copy=copy_name))
        text.setWordWrap(True)
        self.person = QLineEdit()
        self.person.setObjectName("filed_by")
        form = QFormLayout()
        form.addRow(_("Filed by"), self.person)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        self.buttons = dialog_buttons(self, _("Yes, filed"))
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        if not self.person.text().strip():
            self.person.setPlaceholderText(_("Required: who put the pages in the binder"))
            self.person.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()
