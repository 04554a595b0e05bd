"""The incidents list's items: a bar in the severity colour, the title (and EXERCISE), the
start time and types, and status · phase; closed incidents in grey."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from beredskap_desktop.domain.clock import show
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.i18n import _
from beredskap_desktop.ui.widgets.incident_style import CLOSED_COLOUR, EXERCISE_COLOUR, SEVERITY_COLOURS

INCIDENT_ROLE = Qt.ItemDataRole.UserRole  # the item's Incident


class IncidentDelegate(QStyledItemDelegate):
    """``type_names`` maps incident type codes to the names shown."""

    def __init__(self, type_names: dict[str, str], parent=None):
        super().__init__(parent)
        self.type_names = type_names

    def paint(self, painter, option, index) -> None:
        incident: Incident = index.data(INCIDENT_ROLE)
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""
        style = view_option.widget.style() if view_option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, view_option.widget)
        selected = bool(view_option.state & QStyle.StateFlag.State_Selected)
        rect = view_option.rect
        painter.save()
        painter.fillRect(QRect(rect.left(), rect.top() + 2, 6, rect.height() - 4),
                         QColor(CLOSED_COLOUR if incident.closed else SEVERITY_COLOURS[incident.severity]))
        text_colour = view_option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        grey = text_colour if selected else QColor("#555555")
        line = QFontMetrics(view_option.font).height()
        left, top, width = rect.left() + 14, rect.top() + 6, rect.width() - 20
        bold = QFont(view_option.font)
        bold.setBold(True)
        bold.setPointSizeF(view_option.font.pointSizeF() * 1.08)
        badge_width = 0
        if incident.exercise:
            small = QFont(view_option.font)
            small.setBold(True)
            small.setPointSizeF(view_option.font.pointSizeF() * 0.8)
            label = _("EXERCISE")
            badge_width = QFontMetrics(small).horizontalAdvance(label) + 12
            box = QRect(left + width - badge_width, top + 1, badge_width, line)
            painter.fillRect(box, QColor(EXERCISE_COLOUR))
            painter.setFont(small)
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.setFont(bold)
        painter.setPen(grey if incident.closed and not selected else text_colour)
        title_width = width - badge_width - (6 if badge_width else 0)
        painter.drawText(QRect(left, top, title_width, line + 2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(incident.title, Qt.TextElideMode.ElideRight, title_width))
        painter.setFont(view_option.font)
        painter.setPen(grey)
        types = show(incident.started_at) + " · " + ", ".join(self.type_names.get(code, code) for code in incident.incident_types)
        state = (_("Closed {time}").format(time=show(incident.closed_at)) if incident.closed
                 else f"{incident.status.label} · {incident.phase.label}")
        for number, text in enumerate((types, state), start=1):
            painter.drawText(QRect(left, top + number * (line + 3) + 1, width, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             QFontMetrics(view_option.font).elidedText(text, Qt.TextElideMode.ElideRight, width))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        return QSize(200, QFontMetrics(option.font).height() * 3 + 22)
