"""Background work with progress and cancel, each job on its own database connection."""

from __future__ import annotations

import threading
import traceback
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.storage.database import Store


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel."""


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class Job(QRunnable):
    """Runs ``work(store, report)`` on a worker thread with a connection of its own.

    ``report(done, total)`` updates the progress and raises ``Cancelled`` once the user
    has cancelled, so work inside a transaction rolls back.
    """

    def __init__(self, store: Store, work: Callable):
        super().__init__()
        self.signals = JobSignals()
        self._store = store
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _report(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        worker = self._store.worker()
        try:
            result = self._work(worker, self._report)
        except Cancelled:
            self.signals.failed.emit(_("Cancelled. Nothing was changed."))
        except UserError as error:
            self.signals.failed.emit(str(error))
        except Exception:  # an unexpected failure is shown, not swallowed
            self.signals.failed.emit(_("Unexpected error:") + "\n" + traceback.format_exc(limit=5))
        else:
            self.signals.finished.emit(result)
        finally:
            worker.close()


_RUNNING: set[Job] = set()


def start_job(parent: QWidget, title: str, store: Store, work: Callable, on_done: Callable, on_failed: Callable,
              *, cancellable: bool = True) -> Job:
    """Start ``work`` in the background with a progress dialog; it offers Cancel when
    ``cancellable`` (work that cannot stop halfway, such as one short transaction, offers none)."""
    job = Job(store, work)
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.canceled.connect(job.cancel)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def finish(result) -> None:
        _RUNNING.discard(job)
        dialog.reset()
        on_done(result)

    def fail(message: str) -> None:
        _RUNNING.discard(job)
        dialog.reset()
        on_failed(message)

    job.signals.progress.connect(progress)
    job.signals.finished.connect(finish)
    job.signals.failed.connect(fail)
    job.setAutoDelete(False)
    _RUNNING.add(job)  # keep the job and its signals alive until it ends, however many run
    QThreadPool.globalInstance().start(job)
    return job
