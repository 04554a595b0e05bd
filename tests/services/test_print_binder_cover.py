"""The binder's cover prints the snapshot publisher key's fingerprint, and a new key makes the
cover a changed page."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from beredskap_desktop.domain.snapshots import fingerprint, format_fingerprint
from beredskap_desktop.services import keys
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.services.printing.binder import build_binder, changes_since, documents, render_binder
from beredskap_desktop.storage import binders, trusted_keys
from beredskap_desktop.storage.database import open_store
from tests.pdf_text import page_texts

NOW = datetime(2026, 11, 21, 16, 42, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cover") / "fjordvik.sqlite"
    load_demo(path)
    return path


@pytest.fixture
def demo(demo_path, tmp_path):
    path = tmp_path / "fjordvik.sqlite"
    path.write_bytes(demo_path.read_bytes())
    with open_store(path) as store:
        yield store


@pytest.fixture
def key_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(keys, "SCRYPT_LOG2_N", 10)
    folder = tmp_path / "keys"
    keys.generate(folder, "key-pass")
    return folder


@pytest.fixture
def no_key(tmp_path):
    return tmp_path / "no-keys"


def test_the_trusted_key_is_on_the_cover_in_sixteen_groups(demo, no_key):
    key = trusted_keys.pin(demo, "9999", bytes(range(32)), "Kari")
    model = build_binder(demo, now=NOW, key_dir=no_key)
    assert model.publisher.fingerprints == (key.fingerprint,) and not model.publisher.own
    cover = page_texts(render_binder(model))[0]
    groups = format_fingerprint(key.fingerprint).split()
    assert len(groups) == 16 and all(group in cover for group in groups)
    assert "Forside · side 1/1" in cover  # the key fits on the one cover page


def test_a_replaced_key_is_not_printed(demo, no_key):
    old = trusted_keys.pin(demo, "9999", bytes(range(32)), "Kari")
    new = fingerprint(bytes(range(1, 33)))
    with demo.conn:
        demo.conn.execute("INSERT INTO trusted_key (fingerprint, kommunenummer, public_key, pinned_at, pinned_by) "
                          "VALUES (?, '9999', ?, '2026-11-22T00:00:00+00:00', 'Kari')", [new, bytes(range(1, 33)).hex()])
        demo.conn.execute("UPDATE trusted_key SET replaced_by = ? WHERE fingerprint = ?", [new, old.fingerprint])
    assert build_binder(demo, now=NOW, key_dir=no_key).publisher.fingerprints == (new,)


def test_without_a_trusted_key_this_laptops_own_key_is_printed(demo, key_dir):
    model = build_binder(demo, now=NOW, key_dir=key_dir)
    own = fingerprint(keys.public_key(key_dir))
    assert model.publisher.fingerprints == (own,) and model.publisher.own
    cover = page_texts(render_binder(model))[0]
    assert all(group in cover for group in format_fingerprint(own).split())


def test_without_any_key_the_cover_has_none(demo, no_key):
    assert build_binder(demo, now=NOW, key_dir=no_key).publisher.fingerprints == ()


def test_a_new_key_makes_the_cover_a_changed_page(demo, no_key):
    copy = binders.add(demo, "Kriserom rådhuset")
    binders.record_filed(demo, copy.id, documents(build_binder(demo, now=NOW, key_dir=no_key)), printed_by="Kari", whole=True)
    assert not changes_since(demo, copy.id, build_binder(demo, key_dir=no_key))
    trusted_keys.pin(demo, "9999", bytes(range(32)), "Kari")
    changes = changes_since(demo, copy.id, build_binder(demo, key_dir=no_key))
    assert [doc.key for doc in changes.changed] == ["cover"] and not changes.new and not changes.removed
    only = page_texts(render_binder(build_binder(demo, key_dir=no_key), copy_name=copy.name, only=changes))
    assert any("Forside · side 1/1" in page for page in only)
