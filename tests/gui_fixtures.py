"""GUI test fixtures: a small municipality and the real main window over it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from beredskap_desktop.domain.alerts import AlertList, AlertMember, AlertMethod
from beredskap_desktop.domain.clock import now_utc
from beredskap_desktop.domain.contacts import Contact, ContactType, OrgKind
from beredskap_desktop.storage import alerts, contacts, municipality
from beredskap_desktop.ui.main_window import MainWindow


@pytest.fixture
def seeded(store):
    """Fjordtest: a fire service, three people and one alert list."""
    municipality.set_municipality(store, "Fjordtest", "9999")
    fire = contacts.save(store, Contact("", "Fjordtest brannvesen", ContactType.ORGANISATION, org_kind=OrgKind.FIRE, work_landline="110"))
    kari = contacts.save(store, Contact("", "Kari Ødegård", position="Brannsjef", organisation_id=fire.id,
                                        role_ids=("kriseleder",), work_mobile="+4741234567", verified_at=now_utc()))
    aase = contacts.save(store, Contact("", "Åse Nilsen", position="Kommunalsjef", role_ids=("stabssjef",),
                                        work_mobile="+4798765432", private_phone="+4790000001", deputy_id=kari.id))
    ola = contacts.save(store, Contact("", "Ola Berg", position="Loggfører", role_ids=("loggforer",), work_landline="+4722334455"))
    alerts.save(store, AlertList("", "Kriseledelsen", "Full varsling", (
        AlertMember("", contact_id=kari.id),
        AlertMember("", contact_id=aase.id, method=AlertMethod.SMS),
        AlertMember("", role_id="loggforer"),
    )))
    return {"store": store, "fire": fire, "kari": kari, "aase": aase, "ola": ola}


@pytest.fixture
def window(qtbot, seeded):
    main = MainWindow(seeded["store"])
    main.show()
    qtbot.waitExposed(main)
    yield main
    # Closing must not stop on "save changes?" (a failed test would hang instead of reporting).
    main.contacts_page.editor.dirty = False
    for row in (2, 3):
        if row in main._lazy_pages:
            main._lazy_pages[row].editor.dirty = False
    main.close()
    main.deleteLater()


def answer_next_dialog(button_text: str) -> None:
    """Click the button labelled ``button_text`` in the next modal dialog that opens."""

    attempts = iter(range(500))  # about five seconds; a dialog that never came must not answer a later test's

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QMessageBox):
            if next(attempts, None) is not None:
                QTimer.singleShot(10, click)
            return
        for button in dialog.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        dialog.done(0)  # close it so the test fails instead of hanging
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in dialog.buttons()]}")

    QTimer.singleShot(0, click)
