"""The table models, without widgets: Qt's model tester, filtering, Norwegian sorting."""

from PySide6.QtCore import Qt

from beredskap_desktop.domain.clock import now_utc, to_iso
from beredskap_desktop.domain.contacts import OrgKind, stale_cutoff
from beredskap_desktop.storage import alerts, contacts
from beredskap_desktop.ui.models.alert_members_model import AlertMembersModel
from beredskap_desktop.ui.models.contacts_model import ContactsModel


def names(model):
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def loaded(store, months=12):
    model = ContactsModel(lambda rowids: contacts.rows_by_rowid(store, rowids), months)
    model.set_index(contacts.index(store, to_iso(stale_cutoff(now_utc(), months))))
    return model


def test_contacts_model_passes_qt_model_tester(qtmodeltester, seeded):
    model = loaded(seeded["store"])
    qtmodeltester.check(model)


def test_contacts_sort_in_norwegian_order(seeded):
    model = loaded(seeded["store"])
    assert names(model) == ["Fjordtest brannvesen", "Kari Ødegård", "Ola Berg", "Åse Nilsen"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert names(model)[0] == "Åse Nilsen"


def test_contacts_filter_by_search_kind_and_role(seeded):
    store = seeded["store"]
    model = loaded(store)
    model.set_filter(contacts.search_rowids(store, "odegard"))
    assert names(model) == ["Kari Ødegård"]
    model.set_filter(None, kind=OrgKind.FIRE)
    assert names(model) == ["Fjordtest brannvesen", "Kari Ødegård"]
    model.set_filter(None, role="stabssjef")
    assert names(model) == ["Åse Nilsen"]


def test_stale_contacts_are_marked(seeded):
    model = loaded(seeded["store"])
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


def test_rows_are_fetched_in_blocks_as_the_view_asks(seeded):
    store = seeded["store"]
    fetched = []

    def fetch(rowids):
        fetched.append(len(rowids))
        return contacts.rows_by_rowid(store, rowids)

    model = ContactsModel(fetch, 12)
    model.set_index(contacts.index(store, to_iso(stale_cutoff(now_utc(), 12))))
    assert fetched == []  # the index alone is enough to show counts and filter
    assert model.index(2, 0).data() == "Ola Berg"
    assert fetched == [4]
    assert model.index(3, 0).data() == "Åse Nilsen" and fetched == [4]


def test_sorting_by_another_column(seeded):
    model = loaded(seeded["store"])
    model.sort(5, Qt.SortOrder.AscendingOrder)  # position
    assert names(model) == ["Fjordtest brannvesen", "Kari Ødegård", "Åse Nilsen", "Ola Berg"]
