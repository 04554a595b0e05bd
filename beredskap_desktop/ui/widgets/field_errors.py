"""Validation messages shown in red under the fields they are about."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from beredskap_desktop.domain.errors import FieldError

ERROR_COLOUR = "#b91c1c"


class FieldErrors:
    """Each field is wrapped with a hidden red label below it; ``show`` fills the labels of
    the fields named by the errors (the rest in ``general``) and focuses the first."""

    def __init__(self):
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.general = self._label("general")

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{name}")
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {ERROR_COLOUR};")
        label.hide()
        return label

    def wrap(self, name: str, widget: QWidget) -> QWidget:
        """``widget`` with the message label of field ``name`` under it."""
        label = self._label(name)
        self._fields[name] = (widget, label)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(label)
        return box

    def label(self, name: str) -> QLabel:
        return self._fields[name][1] if name in self._fields else self.general

    def clear(self) -> None:
        for _widget, label in (*self._fields.values(), (None, self.general)):
            label.clear()
            label.hide()

    def show(self, errors: list[FieldError]) -> None:
        self.clear()
        for error in errors:
            label = self.label(error.field)
            label.setText("\n".join(filter(None, (label.text(), error.message))))
            label.show()
        first = next((self._fields[e.field][0] for e in errors if e.field in self._fields), None)
        if first is not None:
            first.setFocus()

    def messages(self) -> dict[str, str]:
        """The shown messages by field (``general`` for the rest)."""
        shown = {name: label.text() for name, (_widget, label) in self._fields.items() if label.text()}
        if self.general.text():
            shown["general"] = self.general.text()
        return shown
