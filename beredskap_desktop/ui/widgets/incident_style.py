"""The colours incidents are shown in: severity green / yellow / red, and exercises in violet
(never mistaken for a severity or for the red read-only banner)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from beredskap_desktop.domain.incidents import Severity

SEVERITY_COLOURS = {Severity.GREEN: "#15803d", Severity.YELLOW: "#ca8a04", Severity.RED: "#b91c1c"}
EXERCISE_COLOUR = "#6d28d9"
CLOSED_COLOUR = "#6b7280"
OK_COLOUR = "#166534"
ERROR_COLOUR = "#b91c1c"


def badge(text: str, background: str, name: str = "") -> QLabel:
    """A small white-on-colour label: ØVELSE, the severity."""
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    set_badge(label, text, background)
    return label


def set_badge(label: QLabel, text: str, background: str) -> None:
    label.setText(text)
    label.setStyleSheet(f"background: {background}; color: white; font-weight: 700; padding: 3px 10px; border-radius: 3px;")
