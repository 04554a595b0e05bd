"""The table models, without widgets: Qt's model tester, filtering, Norwegian sorting."""

from PySide6.QtCore import Qt

from beredskap_desktop.domain.contacts import OrgKind
from beredskap_desktop.storage import alerts, contacts
from beredskap_desktop.ui.models.alert_members_model import AlertMembersModel
from beredskap_desktop.ui.models.contacts_model import ContactsModel


def names(model):
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_contacts_model_passes_qt_model_tester(qtmodeltester, seeded):
    model = ContactsModel(12)
    model.set_rows(contacts.list_rows(seeded["store"]))
    qtmodeltester.check(model)


def test_contacts_sort_in_norwegian_order(seeded):
    model = ContactsModel(12)
    model.set_rows(contacts.list_rows(seeded["store"]))
    assert names(model) == ["Fjordtest brannvesen", "Kari Ødegård", "Ola Berg", "Åse Nilsen"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert names(model)[0] == "Åse Nilsen"


def test_contacts_filter_by_search_kind_and_role(seeded):
    store = seeded["store"]
    model = ContactsModel(12)
    model.set_rows(contacts.list_rows(store))
    model.set_filter(contacts.search_ids(store, "odegard"))
    assert names(model) == ["Kari Ødegård"]
    model.set_filter(None, kind=OrgKind.FIRE)
    assert names(model) == ["Fjordtest brannvesen", "Kari Ødegård"]
    model.set_filter(None, role="stabssjef")
    assert names(model) == ["Åse Nilsen"]


def test_stale_contacts_are_marked(seeded):
    model = ContactsModel(12)
    model.set_rows(contacts.list_rows(seeded["store"]))
    verified = {model.index(r, 0).data(): model.index(r, 8).data() for r in range(model.rowCount())}
    assert not verified["Kari Ødegård"].startswith("⚠")
    assert verified["Ola Berg"].startswith("⚠")
    assert model.stale_count() == 3


def test_private_numbers_only_when_asked(seeded):
    store = seeded["store"]
    hidden = {r.name: r.private_phone for r in contacts.list_rows(store)}
    shown = {r.name: r.private_phone for r in contacts.list_rows(store, include_private=True)}
    assert hidden["Åse Nilsen"] is None
    assert shown["Åse Nilsen"] == "+4790000001"


def test_alert_members_model_resolves_roles_and_deputies(qtmodeltester, seeded):
    store = seeded["store"]
    model = AlertMembersModel(store)
    model.set_list(alerts.list_all(store)[0])
    qtmodeltester.check(model)
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows[0][1].startswith("Kari Ødegård") and rows[0][3] == "412 34 567"
    assert rows[1][2] == "SMS" and rows[1][4].startswith("Kari Ødegård")
    assert "Ola Berg" in rows[2][1] and rows[2][3] == "22 33 44 55"
