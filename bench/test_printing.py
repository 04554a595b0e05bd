"""The printing benchmark's baseline and card choice (run with ``.venv/bin/pytest bench``; no timing is asserted)."""

from types import SimpleNamespace

from bench import printing

PAGES = [["Beredskapsperm", "Fjordvik kommune · æøå ÆØÅ"], [], ["TK-01 Varsle kriseledelsen", "Side 1/1"]]


def test_bare_pdf_holds_the_same_lines_on_the_same_pages():
    printing.register_bare_font()
    pdf = printing.bare_pdf(PAGES)
    assert printing.page_count(pdf) == 3
    assert printing.page_lines(pdf) == PAGES


def _sheet(id_, steps, people):
    return SimpleNamespace(id=id_, steps=range(steps), to_call=range(people))


def test_cards_chosen_are_different_with_the_heaviest_first():
    sheets = [_sheet(f"c{i}", 3, 2) for i in range(40)]
    sheets[17] = _sheet("most-steps", 12, 5)
    sheets[29] = _sheet("most-people", 4, 60)
    chosen = printing.choose_cards(sheets, 10)
    assert chosen[:2] == ["most-steps", "most-people"]
    assert len(chosen) == len(set(chosen)) == 10


def test_fewer_cards_than_asked_for_gives_each_card_once():
    sheets = [_sheet(f"c{i}", i, 1) for i in range(5)]
    chosen = printing.choose_cards(sheets, 10)
    assert chosen[0] == "c4"
    assert sorted(chosen) == [f"c{i}" for i in range(5)]
