"""The register of binder copies and what each holds on paper."""

from __future__ import annotations

import pytest

from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.storage import binders
from beredskap_desktop.storage.binders import FiledDocument


def test_copies_are_named_by_where_they_are_kept_and_names_are_unique(store):
    office = binders.add(store, "  Kriserom   rådhuset ")
    binders.add(store, "Beredskapskoordinator")
    assert [copy.name for copy in binders.copies(store)] == ["Beredskapskoordinator", "Kriserom rådhuset"]
    with pytest.raises(FieldError, match="Kriserom rådhuset"):
        binders.add(store, "Kriserom rådhuset")
    with pytest.raises(FieldError):
        binders.add(store, "   ")
    with pytest.raises(FieldError):
        binders.rename(store, office.id, "Beredskapskoordinator")
    binders.rename(store, office.id, "Kriserom brannstasjonen")
    assert [copy.name for copy in binders.copies(store)] == ["Beredskapskoordinator", "Kriserom brannstasjonen"]


def test_a_whole_binder_replaces_what_the_copy_held_and_a_reprint_only_its_documents(store):
    copy = binders.add(store, "Kriserom rådhuset")
    binders.record_filed(store, copy.id, [FiledDocument("card:1", "TK-01", "a"), FiledDocument("card:2", "TK-02", "b")],
                         printed_by="Kari", whole=True)
    assert binders.filed(store, copy.id) == {"card:1": FiledDocument("card:1", "TK-01", "a"),
                                             "card:2": FiledDocument("card:2", "TK-02", "b")}
    binders.record_filed(store, copy.id, [FiledDocument("card:2", "TK-02", "c"), FiledDocument("card:3", "TK-03", "d")],
                         printed_by="Kari", whole=False, removed=["card:1"])
    assert {key: doc.content_hash for key, doc in binders.filed(store, copy.id).items()} == {"card:2": "c", "card:3": "d"}
    binders.record_filed(store, copy.id, [FiledDocument("card:9", "TK-09", "e")], printed_by="Ola", whole=True)
    assert list(binders.filed(store, copy.id)) == ["card:9"]
    listed = binders.copies(store)[0]
    assert listed.last_printed_by == "Ola" and listed.documents == 1 and listed.last_printed_at is not None


def test_a_retired_copy_leaves_the_register_and_frees_its_name(store):
    copy = binders.add(store, "Kriserom rådhuset")
    binders.retire(store, copy.id)
    assert binders.copies(store) == []
    with pytest.raises(UserError):
        binders.record_filed(store, copy.id, [], printed_by="Kari", whole=True)
    assert binders.add(store, "Kriserom rådhuset").name == "Kriserom rådhuset"
