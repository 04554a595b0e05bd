"""Test setup: headless Qt, no network, bokmål, and fresh databases."""

from __future__ import annotations

import os
import socket

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from beredskap_desktop.i18n import set_language  # noqa: E402
from beredskap_desktop.storage.database import open_store  # noqa: E402

pytest_plugins = ["tests.gui_fixtures"]


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test (the app never opens a socket)."""

    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(autouse=True)
def own_data_folder(monkeypatch, tmp_path_factory):
    """The user data folder (device id and key, publisher keys) is the test's own, never the real one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data-home")))


@pytest.fixture(autouse=True)
def bokmal():
    set_language("nb")
    yield
    set_language("nb")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "kommune.sqlite"


@pytest.fixture
def store(db_path):
    """An empty, migrated, writable database."""
    with open_store(db_path, create=True) as opened:
        yield opened
