"""A plan's sections in order: the list with add, remove and move, beside the section editor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.plans import Classification, Section
from beredskap_desktop.i18n import _
from beredskap_desktop.ui.widgets.common import ask
from beredskap_desktop.ui.widgets.section_editor import SectionEditor
from beredskap_desktop.ui.widgets.two_line_delegate import TwoLineDelegate


MARKS_ROLE = Qt.ItemDataRole.UserRole + 1  # the § 4 part and the exemption, shown under the title


def show_in(item: QListWidgetItem, section: Section) -> QListWidgetItem:
    """``item`` as the list entry of ``section``."""
    marks = [_("§ 4 {part}").format(part=section.part.value)] if section.part else []
    if section.classification is Classification.EXEMPT:
        marks.append(_("exempt from public access"))
    item.setText(section.title or _("(untitled)"))
    item.setToolTip(item.text())
    item.setData(MARKS_ROLE, " · ".join(marks))
    return item


class SectionsPanel(QSplitter):
    """Holds the working copy of the sections; ``edited`` fires on every change."""

    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.sections: list[Section] = []
        self._editable = True
        self.list = QListWidget()
        self.list.setObjectName("section_list")
        self.list.setItemDelegate(TwoLineDelegate(MARKS_ROLE, parent=self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._chosen)
        self.add_button = QPushButton(_("Add section"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(_("Remove…"))
        self.remove_button.setToolTip(_("Remove the selected section"))
        self.remove_button.clicked.connect(self.remove)
        self.up_button = QPushButton(_("Up"))
        self.up_button.setToolTip(_("Move the section up (Ctrl+Up)"))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(_("Down"))
        self.down_button.setToolTip(_("Move the section down (Ctrl+Down)"))
        self.down_button.clicked.connect(lambda: self.move(1))
        QShortcut(QKeySequence("Ctrl+Up"), self.list, lambda: self.move(-1)).setContext(Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Ctrl+Down"), self.list, lambda: self.move(1)).setContext(Qt.ShortcutContext.WidgetShortcut)
        buttons = QGridLayout()
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.remove_button, 0, 1)
        buttons.addWidget(self.up_button, 1, 0)
        buttons.addWidget(self.down_button, 1, 1)
        column_host = QWidget()
        column = QVBoxLayout(column_host)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(_("Sections")))
        column.addWidget(self.list, 1)
        column.addLayout(buttons)
        self.editor = SectionEditor()
        self.editor.edited.connect(self._section_edited)
        self.addWidget(column_host)
        self.addWidget(self.editor)
        self.setChildrenCollapsible(False)
        self.setSizes([200, 560])
        self.setStretchFactor(1, 1)

    def load(self, sections: tuple[Section, ...], row: int = 0) -> None:
        """Show ``sections`` with the one at ``row`` (or the last) open."""
        self.sections = list(sections)
        self.list.blockSignals(True)
        self.list.clear()
        for section in self.sections:
            self.list.addItem(show_in(QListWidgetItem(), section))
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(self.sections) - 1))
        self._chosen(self.list.currentRow())

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.add_button.setEnabled(editable)
        self.editor.set_read_only(not editable)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        self.remove_button.setEnabled(self._editable and row >= 0)
        self.up_button.setEnabled(self._editable and row > 0)
        self.down_button.setEnabled(self._editable and 0 <= row < len(self.sections) - 1)

    def _chosen(self, row: int) -> None:
        self.editor.load(self.sections[row] if 0 <= row < len(self.sections) else None)
        self._update_buttons()

    def _section_edited(self) -> None:
        row = self.list.currentRow()
        section = self.editor.section()
        if row < 0 or section is None:
            return
        self.sections[row] = section
        show_in(self.list.item(row), section)
        self.edited.emit()

    def show_section(self, section_id: str) -> None:
        row = next((i for i, s in enumerate(self.sections) if s.id == section_id), None)
        if row is not None:
            self.list.setCurrentRow(row)

    def add(self) -> None:
        if not self._editable:
            return
        self.sections.append(Section("", _("New section")))
        self.list.addItem(show_in(QListWidgetItem(), self.sections[-1]))
        self.list.setCurrentRow(len(self.sections) - 1)
        self.edited.emit()
        self.editor.title.setFocus()
        self.editor.title.selectAll()

    def remove(self) -> None:
        row = self.list.currentRow()
        if not self._editable or row < 0:
            return
        question = _("Remove the section “{title}” from the plan? It is gone once the plan is saved.").format(title=self.sections[row].title)
        if ask(self, _("Remove section"), question, [_("Remove"), _("Cancel")], warning=True) != 0:
            return
        self.sections.pop(row)
        self.list.takeItem(row)
        self._chosen(self.list.currentRow())
        self.edited.emit()

    def move(self, offset: int) -> None:
        row = self.list.currentRow()
        target = row + offset
        if not self._editable or row < 0 or not 0 <= target < len(self.sections):
            return
        self.sections.insert(target, self.sections.pop(row))
        self.list.insertItem(target, self.list.takeItem(row))
        self.list.setCurrentRow(target)
        self.edited.emit()
