"""Nothing is lost: what a save committed survives the process being killed right after."""

from __future__ import annotations

from dataclasses import replace

from beredskap_desktop.storage import alerts, contacts
from beredskap_desktop.storage.database import open_store
from tests.storage.samples import alert_list, full_person

SAVE_CONTACT = """
import sys
from beredskap_desktop.storage.database import open_store
from tests.storage.samples import save_full_person

store = open_store(sys.argv[1])
print(save_full_person(store).id, flush=True)
sys.stdin.read()
"""

SAVE_ALERT_LIST = """
import sys
from beredskap_desktop.storage import alerts, contacts
from beredskap_desktop.storage.database import open_store
from tests.storage.samples import alert_list, person

store = open_store(sys.argv[1])
ids = [contacts.save(store, person(name)).id for name in ("Kari", "Ola", "Per")]
print(alerts.save(store, alert_list(ids)).id, flush=True)
sys.stdin.read()
"""

KILLED_INSIDE_A_TRANSACTION = """
import sys
from beredskap_desktop.storage import contacts
from beredskap_desktop.storage.database import open_store
from tests.storage.samples import person

store = open_store(sys.argv[1])
with store.conn:
    for name in ("Kari", "Ola", "Per"):
        contacts.save_in_transaction(store, person(name))
    print("inside", flush=True)
    sys.stdin.read()
"""


def run_and_kill(child, code: str, db_path) -> str:
    """Start ``code`` on a new database, read the line it prints, then SIGKILL it."""
    open_store(db_path, create=True).close()
    process = child(code, str(db_path))
    line = process.read_line()
    process.kill()
    assert db_path.with_name(db_path.name + "-wal").exists()  # left by the kill, not checkpointed
    return line


def test_saved_contact_survives_a_kill(db_path, child):
    contact_id = run_and_kill(child, SAVE_CONTACT, db_path)
    with open_store(db_path) as store:
        saved = contacts.get(store, contact_id)
        assert saved is not None
        assert saved == replace(full_person(saved.organisation_id, saved.deputy_id), id=contact_id)
        assert contacts.get(store, saved.organisation_id).name == "Fjordvik brann og redning"
        assert contacts.get(store, saved.deputy_id).name == "Ola Stedfortreder"
        assert contacts.search_ids(store, "odegard") == {contact_id}


def test_saved_alert_list_survives_a_kill(db_path, child):
    list_id = run_and_kill(child, SAVE_ALERT_LIST, db_path)
    with open_store(db_path) as store:
        saved = alerts.get(store, list_id)
        names = {row.id: row.name for row in contacts.list_rows(store)}
        contact_ids = [m.contact_id for m in saved.members if m.contact_id]
        assert [names[c] for c in contact_ids] == ["Kari", "Ola", "Per"]
        expected = alert_list(contact_ids)
        assert (saved.name, saved.purpose) == (expected.name, expected.purpose)
        assert [replace(m, id="") for m in saved.members] == list(expected.members)


def test_a_transaction_cut_by_a_kill_leaves_nothing_behind(db_path, child):
    assert run_and_kill(child, KILLED_INSIDE_A_TRANSACTION, db_path) == "inside"
    with open_store(db_path) as store:
        assert contacts.count(store) == 0
