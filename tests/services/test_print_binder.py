"""The emergency binder: every chapter with a table of contents, the documents changed since a
copy was printed, and a reprint of only those."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from tests.pdf_text import contents_entries, page_texts
from beredskap_desktop.services.demo import load_demo
from tests.pdf_text import contents_entries, page_texts
from beredskap_desktop.services.printing.binder import build_binder, changes_since, chapters, documents, render_binder
from tests.pdf_text import contents_entries, page_texts
from beredskap_desktop.storage import binders, cards, contacts
from tests.pdf_text import contents_entries, page_texts
from beredskap_desktop.storage.database import open_store

NOW = datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("binder") / "fjordvik.sqlite"
    load_demo(path)
    return path


@pytest.fixture
def demo(demo_path, tmp_path):
    path = tmp_path / "fjordvik.sqlite"
    path.write_bytes(demo_path.read_bytes())
    with open_store(path) as store:
        yield store


@pytest.fixture(scope="module")
def binder_pdf(demo_path):
    with open_store(demo_path, read_only=True) as store:
        model = build_binder(store, now=NOW)
    return model, render_binder(model, copy_name="Kriserom rådhuset")


def pages_of(pdf: bytes) -> list[str]:
    return page_texts(pdf)


def contents_numbers(pdf: bytes, pages: range) -> dict[str, int]:
    return contents_entries(pdf, pages)


def test_the_binder_holds_every_chapter_in_order(binder_pdf):
    model, _pdf = binder_pdf
    parts = chapters(model)
    assert [chapter.key for chapter in parts] == ["divider:plans", "divider:cards", "divider:contacts", "divider:forms"]
    assert len(parts[1].parts) == 36 and len(parts[0].parts) >= 14
    roles = [heading for heading, _count in parts[1].groups]
    assert len(roles) == len(set(roles)) and sum(count for _heading, count in parts[1].groups) == 36
    keys = [doc.key for doc in documents(model)]
    assert len(keys) == len(set(keys)) and "directory" in keys and "form:log" in keys


def test_the_pdf_has_cover_contents_and_numbers_that_match(binder_pdf):
    model, pdf = binder_pdf
    pages = pages_of(pdf)
    assert "Beredskapsperm" in pages[0] and "Kriserom rådhuset" in pages[0] and "Fjordvik" in pages[0]
    total = len(pages)
    assert all(f"/{total}" in page for page in pages)  # every footer counts the whole binder
    contents_pages = [i for i, page in enumerate(pages) if "Innhold · side" in page]
    listed = contents_numbers(pdf, range(contents_pages[0], contents_pages[-1] + 1))
    for chapter in chapters(model):
        for part in chapter.parts[:3] + chapter.parts[-2:]:
            title = part.title if len(part.title) < 60 else None
            if title and title in listed:
                assert part.title.split()[0] in pages[listed[title] - 1], part.title
    card = next(part for part in chapters(model)[1].parts)
    assert f"{card.title.split()[0]} · side 1/" in pages[listed[card.title] - 1]


def test_changes_since_a_filed_copy_after_editing_one_card(demo):
    copy = binders.add(demo, "Kriserom rådhuset")
    model = build_binder(demo, now=NOW)
    binders.record_filed(demo, copy.id, documents(model), printed_by="Kari", whole=True)
    assert not changes_since(demo, copy.id, build_binder(demo))  # later, nothing edited: nothing changed
    card = cards.get(demo, cards.codes(demo)["TK-03"])
    cards.save(demo, dataclasses.replace(card, title=card.title + " (revidert)"))
    changes = changes_since(demo, copy.id, build_binder(demo))
    assert [doc.key for doc in changes.changed] == [f"card:{card.id}"] and not changes.new and not changes.removed


def test_a_changed_phone_number_changes_every_document_that_prints_it(demo):
    copy = binders.add(demo, "Beredskapskoordinator")
    binders.record_filed(demo, copy.id, documents(build_binder(demo)), printed_by="Kari", whole=True)
    card = next(card for card in map(lambda id_: cards.get(demo, id_), cards.codes(demo).values())
                if any(step.notify_contact_id for step in card.steps))
    someone = contacts.get(demo, next(step.notify_contact_id for step in card.steps if step.notify_contact_id))
    contacts.save(demo, dataclasses.replace(someone, work_mobile="+4799988877"))
    changed = {doc.key for doc in changes_since(demo, copy.id, build_binder(demo)).changed}
    assert {"directory", f"card:{card.id}"} <= changed
    assert not any(key.startswith("form:") for key in changed)


def test_only_changed_pages_with_the_list_first(demo):
    copy = binders.add(demo, "Kriserom rådhuset")
    binders.record_filed(demo, copy.id, documents(build_binder(demo)), printed_by="Kari", whole=True)
    card = cards.get(demo, cards.codes(demo)["TK-03"])
    cards.save(demo, dataclasses.replace(card, title=card.title + " (revidert)"))
    cards.delete(demo, cards.codes(demo)["TK-36"])
    model = build_binder(demo, now=NOW)
    changes = changes_since(demo, copy.id, model)
    pages = pages_of(render_binder(model, copy_name=copy.name, only=changes))
    assert "Kriserom rådhuset" in pages[0] and "TK-36" in pages[0] and "TK-03" in pages[0]
    assert any("TK-03 · side 1/" in page for page in pages)
    assert not any("TK-01 · side" in page for page in pages)
    assert any("Innhold · side 1/" in page for page in pages)
