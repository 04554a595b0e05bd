"""The action card models without widgets: Qt's model tester, filters, natural code order, step drafts."""

from datetime import date

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from beredskap_desktop.domain.cards import ActionCard, Phase, Step
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import alerts, cards, contacts, incident_types
from beredskap_desktop.ui.models.card_steps_model import DEADLINE_COLUMN, CardStepsModel, DraftStep
from beredskap_desktop.ui.models.cards_model import CardFilter, CardsModel


def steps(*texts: str) -> tuple[Step, ...]:
    return tuple(Step("", text) for text in texts)


def add_cards(seeded: dict) -> dict:
    """``seeded`` with four cards: an always-activated one, flood and power cards in several phases, and TK-10 after TK-2."""
    store = seeded["store"]
    saved = {
        "first": cards.save(store, ActionCard("", "TK-01", "Kriseleders første tiltak", "kriseleder", (), (Phase.ALERT,),
                                              steps=steps("Vurder om kriseledelsen skal settes", "Varsle kriseledelsen"),
                                              always_activate=True), on=date(2026, 2, 12)),
        "flood": cards.save(store, ActionCard("", "TK-10", "Evakuering ved flom", "kriseleder", ("flom", "skred"),
                                              (Phase.RESPONSE, Phase.RECOVERY), steps=steps("Avklar evakueringsområde"))),
        "power": cards.save(store, ActionCard("", "TK-2", "Strømbrudd i sykehjem", "stabssjef", ("strombrudd",),
                                              (Phase.RESPONSE,), trigger="Strømmen er borte i mer enn to timer",
                                              steps=steps("Start aggregat", "Sjekk medisinsk utstyr", "Meld status"))),
        "log": cards.save(store, ActionCard("", "LOG-1", "Loggfører", "loggforer", ("flom",), (Phase.FOLLOW_UP,),
                                            steps=steps("Arkiver loggen"))),
    }
    return {**seeded, **saved}


@pytest.fixture
def library(seeded):
    return add_cards(seeded)


def loaded(store) -> CardsModel:
    model = CardsModel()
    model.set_cards(cards.summaries(store), {r.id: r.name for r in contacts.roles(store)}, incident_types.names(store))
    return model


def codes(model) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_cards_model_passes_qt_model_tester(qtmodeltester, library):
    model = loaded(library["store"])
    qtmodeltester.check(model)
    model.set_filter(CardFilter(role_id="kriseleder"))
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_codes_sort_naturally_and_columns_sort_by_their_text(library):
    model = loaded(library["store"])
    assert codes(model) == ["LOG-1", "TK-01", "TK-2", "TK-10"]
    kept = QPersistentModelIndex(model.index(3, 0))
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 1).data() for r in range(4)] == [
        "Evakuering ved flom", "Kriseleders første tiltak", "Loggfører", "Strømbrudd i sykehjem"]
    assert kept.row() == 0 and kept.data() == "TK-10"  # the selection follows its card
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert codes(model) == ["TK-10", "TK-2", "TK-01", "LOG-1"]


def test_columns_show_names_phases_counts_and_dates(library):
    model = loaded(library["store"])
    row = model.row_of(library["flood"].id)
    shown = [model.index(row, column).data() for column in range(model.columnCount())]
    assert shown[:4] == ["TK-10", "Evakuering ved flom", "Kriseleder", "Flom, Skred"]
    assert shown[4] == f"{Phase.RESPONSE.label}, {Phase.RECOVERY.label}"
    assert shown[5:7] == ["1", "1"]
    first = model.row_of(library["first"].id)
    assert model.index(first, 3).data() == _("All incidents")
    assert model.index(first, 7).data() == "12.02.2026"


def test_filters_by_role_type_phase_and_search(library):
    store = library["store"]
    model = loaded(store)
    model.set_filter(CardFilter(role_id="stabssjef"))
    assert codes(model) == ["TK-2"]
    model.set_filter(CardFilter(incident_type="flom"))
    assert codes(model) == ["LOG-1", "TK-01", "TK-10"]  # TK-01 is activated at every incident
    model.set_filter(CardFilter(incident_type="strombrudd", phase=Phase.RESPONSE))
    assert codes(model) == ["TK-2"]
    model.set_filter(CardFilter(phase=Phase.FOLLOW_UP))
    assert codes(model) == ["LOG-1"]
    model.set_filter(CardFilter(ids=cards.search_ids(store, "strommen")))
    assert codes(model) == ["TK-2"]  # found by its trigger, Nordic letters folded
    assert model.total() == 4


def step_model(seeded) -> CardStepsModel:
    store = seeded["store"]
    model = CardStepsModel(store)
    model.set_names({r.id: r.name for r in contacts.roles(store)}, {a.id: a.name for a in alerts.list_all(store)})
    model.set_card_role("kriseleder")
    list_id = alerts.list_all(store)[0].id
    model.set_steps((
        Step("a", "Varsle kriseledelsen", notify_alert_list_id=list_id, deadline_minutes=15),
        Step("b", "Start logg", responsible_role_id="loggforer", deadline_minutes=90),
        Step("c", "Ring brannsjefen", notify_contact_id=seeded["kari"].id),
    ))
    return model


def texts(model) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_steps_model_passes_qt_model_tester(qtmodeltester, seeded):
    model = step_model(seeded)
    qtmodeltester.check(model)
    model.insert(1, DraftStep(Step("", "Ny")))
    model.move(0, 2)
    model.remove(3)
    qtmodeltester.check(model)


def test_steps_show_role_notify_and_deadline(seeded):
    model = step_model(seeded)
    assert [model.index(0, c).data() for c in range(4)] == [
        "Varsle kriseledelsen", "Kriseleder", _("List: {name}").format(name="Kriseledelsen"), "T+15 min"]
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None  # the card's role, greyed
    assert model.index(1, 1).data() == "Loggfører" and model.index(1, DEADLINE_COLUMN).data() == "T+1 t 30 min"
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, 2).data() == "Kari Ødegård"
    model.set_card_role("stabssjef")
    assert model.index(0, 1).data() == "Stabssjef"


def test_steps_move_and_keep_numbers_in_order(seeded):
    model = step_model(seeded)
    assert model.move(0, 1) == 1
    assert texts(model) == ["Start logg", "Varsle kriseledelsen", "Ring brannsjefen"]
    assert model.move(2, -5) == 0
    assert texts(model) == ["Ring brannsjefen", "Start logg", "Varsle kriseledelsen"]
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == ["1", "2", "3"]
    assert model.move(2, 1) == 2  # already last
    assert [s.id for s in model.steps()] == ["c", "b", "a"]


def test_a_mistyped_deadline_is_kept_and_reported(seeded):
    model = step_model(seeded)
    model.update(1, DraftStep(model.draft_at(1).step, "T+ tretti"))
    assert model.index(1, DEADLINE_COLUMN).data() == "⚠ T+ tretti"
    assert model.index(1, DEADLINE_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert [row for row, _message in model.problems()] == [1]
    assert model.problems()[0][1].startswith(_("Step {number}: {problem}").format(number=2, problem=""))
    model.update(1, DraftStep(model.draft_at(1).step, "T+2 t"))
    assert model.problems() == []
    assert model.steps()[1].deadline_minutes == 120
