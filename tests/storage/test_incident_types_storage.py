"""Incident types in the database: the standard set, adding, renaming, usage and deleting."""

from __future__ import annotations

import pytest

from beredskap_desktop.domain.cards import ActionCard, IncidentType, Step
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.storage import cards, incident_types
from beredskap_desktop.storage.database import ReadOnlyError, open_store

STANDARD = ["strombrudd", "ekom-bortfall", "cyberangrep", "legemiddelmangel", "pandemi", "atomhendelse", "cbrne",
            "vannforsyning", "flom", "skred", "skogbrann", "ekstremvaer", "terror"]


def card(code: str, *types: str) -> ActionCard:
    return ActionCard("", code, f"Kort {code}", "kriseleder", incident_types=types, steps=(Step("", "Møt opp"),))


def test_the_thirteen_standard_types_are_there_in_order(store):
    listed = incident_types.list_all(store)
    assert [t.code for t in listed] == STANDARD
    assert all(t.name.strip() and t.description.strip() for t in listed)
    names = incident_types.names(store)
    assert list(names) == STANDARD
    assert names["flom"] == "Flom" and names["strombrudd"] == "Strømbrudd"


def test_a_new_type_comes_last(store):
    incident_types.save(store, IncidentType("stormflo", "  Stormflo ", " Høy vannstand langs kysten. "))
    listed = incident_types.list_all(store)
    assert [t.code for t in listed] == [*STANDARD, "stormflo"]
    assert listed[-1] == IncidentType("stormflo", "Stormflo", "Høy vannstand langs kysten.")
    incident_types.save(store, IncidentType("ras-2026", "Raset i 2026"))
    assert [t.code for t in incident_types.list_all(store)][-2:] == ["stormflo", "ras-2026"]


@pytest.mark.parametrize(("code", "name"), [
    ("Stormflo", "Stormflo"), ("storm flo", "Stormflo"), ("stormflo\n", "Stormflo"), ("", "Stormflo"),
    ("ekom_bortfall", "Ekom"), ("stormflo", "  "),
])
def test_a_bad_type_is_refused_and_nothing_is_written(store, code, name):
    with pytest.raises(UserError):
        incident_types.save(store, IncidentType(code, name))
    assert [t.code for t in incident_types.list_all(store)] == STANDARD


def test_renaming_keeps_the_code_the_place_and_the_cards(store):
    saved = cards.save(store, card("TK-01", "flom"))
    incident_types.save(store, IncidentType("flom", "Flom og stormflo", "Også stormflo."))
    listed = incident_types.list_all(store)
    assert [t.code for t in listed] == STANDARD
    assert listed[STANDARD.index("flom")] == IncidentType("flom", "Flom og stormflo", "Også stormflo.")
    assert cards.get(store, saved.id).incident_types == ("flom",)
    assert incident_types.usage(store) == {"flom": 1}


def test_usage_counts_cards_per_type(store):
    cards.save(store, card("TK-01", "flom", "skred"))
    cards.save(store, card("TK-02", "flom"))
    cards.save(store, card("TK-03"))
    assert incident_types.usage(store) == {"flom": 2, "skred": 1}


def test_delete_an_unused_type(store):
    incident_types.save(store, IncidentType("stormflo", "Stormflo"))
    incident_types.delete(store, "stormflo")
    incident_types.delete(store, "terror")
    assert [t.code for t in incident_types.list_all(store)] == STANDARD[:-1]


def test_delete_a_used_type_is_refused_with_a_message(store):
    saved = cards.save(store, card("TK-01", "flom"))
    cards.save(store, card("TK-02", "flom", "skred"))
    with pytest.raises(UserError, match="flom") as raised:
        incident_types.delete(store, "flom")
    assert "2" in str(raised.value)
    assert "flom" in incident_types.names(store)
    assert cards.get(store, saved.id).incident_types == ("flom",)
    cards.delete(store, saved.id)
    with pytest.raises(UserError):
        incident_types.delete(store, "flom")


def test_a_type_is_deletable_once_no_card_uses_it(store):
    saved = cards.save(store, card("TK-01", "skred"))
    cards.delete(store, saved.id)
    incident_types.delete(store, "skred")
    assert "skred" not in incident_types.names(store)
    with pytest.raises(UserError, match="skred"):
        cards.save(store, card("TK-02", "skred"))


def test_a_read_only_store_refuses_every_incident_type_write(db_path):
    with open_store(db_path, create=True) as store:
        incident_types.save(store, IncidentType("stormflo", "Stormflo"))
    with open_store(db_path, read_only=True) as viewer:
        for write in (lambda: incident_types.save(viewer, IncidentType("ny-type", "Ny")),
                      lambda: incident_types.save(viewer, IncidentType("flom", "Omdøpt")),
                      lambda: incident_types.delete(viewer, "stormflo")):
            with pytest.raises(ReadOnlyError):
                write()
        assert [t.code for t in incident_types.list_all(viewer)] == [*STANDARD, "stormflo"]
        assert incident_types.names(viewer)["flom"] == "Flom"
