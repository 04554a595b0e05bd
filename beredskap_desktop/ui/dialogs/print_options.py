"""Before printing from a page: which of its items, and the options that printout has."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QRadioButton, QVBoxLayout

from beredskap_desktop.i18n import _
from beredskap_desktop.ui.widgets.common import dialog_buttons


class PrintOptionsDialog(QDialog):
    """``scopes``: (label, ids) choices such as "The 3 selected cards" / "All cards"; ``checks``:
    (name, label) options off by default; ``page_sizes`` offers A4 or A5 (two per sheet)."""

    def __init__(self, parent, title: str, scopes: list[tuple[str, tuple[str, ...] | None]],
                 checks: list[tuple[str, str]] = (), *, page_sizes: bool = False, note: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._scopes = scopes
        layout = QVBoxLayout(self)
        self.scope_group = QButtonGroup(self)
        for index, (label, _ids) in enumerate(scopes):
            button = QRadioButton(label)
            button.setChecked(index == 0)
            self.scope_group.addButton(button, index)
            layout.addWidget(button)
        form = QFormLayout()
        self.page_size = QComboBox()
        self.page_size.addItem(_("A4, one card per page"), "A4")
        self.page_size.addItem(_("A5, two per A4 sheet (cut in half)"), "A5")
        if page_sizes:
            form.addRow(_("Paper"), self.page_size)
        layout.addLayout(form)
        self.checks: dict[str, QCheckBox] = {}
        for name, label in checks:
            self.checks[name] = QCheckBox(label)
            self.checks[name].setObjectName(name)
            layout.addWidget(self.checks[name])
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(dialog_buttons(self, _("Preview…")))

    @property
    def ids(self) -> tuple[str, ...] | None:
        return self._scopes[max(self.scope_group.checkedId(), 0)][1]

    def checked(self, name: str) -> bool:
        return name in self.checks and self.checks[name].isChecked()
