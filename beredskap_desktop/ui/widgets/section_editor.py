"""One plan section: title, § 4 part, classification, and its Markdown beside a live preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain import markup
from beredskap_desktop.domain.plans import Classification, LegalPart, Section
from beredskap_desktop.i18n import _
from beredskap_desktop.ui.widgets.common import empty_state

PREVIEW_DELAY_MS = 150


class SectionEditor(QWidget):
    """Edits one section; ``edited`` fires on every change the user makes."""

    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._section: Section | None = None
        self._loading = False
        self._read_only = False
        self._build()
        self.load(None)

    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.setObjectName("section_title")
        self.title.setPlaceholderText(_("Section title, e.g. Crisis management: members and duties"))
        self.part = QComboBox()
        self.part.setObjectName("section_part")
        self.part.addItem(_("— not a § 4 part —"), None)
        for part in LegalPart:
            self.part.addItem(part.label, part.value)
        self.part.setToolTip(_("Which minimum part of the overall plan (forskrift om kommunal beredskapsplikt § 4) this section covers"))
        self.classification = QComboBox()
        self.classification.setObjectName("section_classification")
        for classification in Classification:
            self.classification.addItem(classification.label, classification.value)
        for combo in (self.part, self.classification):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.text = QPlainTextEdit()
        self.text.setObjectName("section_text")
        self.text.setPlaceholderText(_("Write the section here. The preview on the right shows how it will look."))
        self.text.setTabChangesFocus(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(self.font().pointSizeF(), 10.5))
        self.text.setFont(mono)
        self.preview = QTextBrowser()
        self.preview.setObjectName("section_preview")
        self.preview.setOpenLinks(False)
        self.help = QLabel(_("Formatting: # heading · **bold** · *italic* · - list · 1. numbered list · | table | columns |"))
        self.help.setToolTip(_("Only this formatting is used; anything else stays plain text, as it will be printed."))
        self.help.setObjectName("section_help")
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #555;")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.update_preview)

        self.title.textEdited.connect(self._changed)
        self.part.activated.connect(self._changed)
        self.classification.activated.connect(self._changed)
        self.classification.currentIndexChanged.connect(self._show_classification)
        self.text.textChanged.connect(self._changed)

        fields = QFormLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields.addRow(_("Section title"), self.title)
        fields.addRow(_("§ 4 part"), self.part)
        fields.addRow(_("Public access"), self.classification)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.text)
        split.addWidget(self.preview)
        split.setChildrenCollapsible(False)
        self.fields = QWidget()
        column = QVBoxLayout(self.fields)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(fields)
        column.addWidget(split, 1)
        column.addWidget(self.help)
        self.empty = empty_state("section_empty")
        self.empty.setText(_("No section chosen. Add one with “Add section”, or choose one in the list."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.fields, 1)

    def load(self, section: Section | None) -> None:
        """Show ``section``; with ``None`` the fields are empty and disabled."""
        self._loading = True
        self._section = section
        shown = section or Section("", "")
        self.title.setText(shown.title)
        self.title.setCursorPosition(0)
        self.part.setCurrentIndex(max(0, self.part.findData(shown.part.value if shown.part else None)))
        self.classification.setCurrentIndex(self.classification.findData(shown.classification.value))
        self.text.setPlainText(shown.body)
        self.fields.setVisible(section is not None)
        self.empty.setVisible(section is None)
        for combo in (self.part, self.classification):
            combo.setEnabled(not self._read_only)
        self.timer.stop()
        self.update_preview()
        self._loading = False

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.title.setReadOnly(read_only)
        self.text.setReadOnly(read_only)
        for combo in (self.part, self.classification):
            combo.setEnabled(not read_only)
        self.help.setVisible(not read_only)

    def section(self) -> Section | None:
        """The section as edited (keeping its id), or ``None`` when none is shown."""
        if self._section is None:
            return None
        part = self.part.currentData()
        return Section(self._section.id, self.title.text().strip(), self.text.toPlainText(),
                       Classification(self.classification.currentData()), LegalPart(part) if part else None)

    def update_preview(self) -> None:
        if self._section is None:
            self.preview.setHtml("")
            return
        self.preview.setHtml(markup.to_html(self.text.toPlainText(), self.title.text().strip()))

    def _show_classification(self) -> None:
        exempt = self.classification.currentData() == Classification.EXEMPT.value
        self.classification.setStyleSheet("QComboBox { color: #b91c1c; font-weight: 600; }" if exempt else "")

    def _changed(self, *args) -> None:
        if not self._loading:
            self.timer.start()
            self.edited.emit()
