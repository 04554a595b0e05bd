"""The baseline for start-up: a bare PySide6 main window that quits once it is shown.

It quits the way ``--exit-when-shown`` does (on the first show event, through a
zero-time single shot), at the same window size, so the difference to the app is the
app's own work.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class Window(QMainWindow):
    def showEvent(self, event):
        super().showEvent(event)
        QTimer.singleShot(0, QApplication.quit)


app = QApplication(sys.argv[:1])
window = Window()
window.resize(1360, 820)
window.show()
sys.exit(app.exec())
